import FluentKit
import Foundation
import Logging
import SQLKit
import Testing
import VTONPersistence

@testable import VTONMySQL

/// The MariaDB driver itself: URLs, the time format, and round trips through a real server in
/// the suite's MySQL run (`VTON_TEST_DATABASE=mysql`, inside scripts/test-mariadb.sh); the runs
/// on the other databases have no MariaDB to talk to.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct MySQLDriverTests {
    static var servers: [String] { TestServer.database == "mysql" ? ["mariadb"] : [] }

    @Test func urlsAreRead() throws {
        let plain = try MySQLConfiguration(url: "mysql://vton:p%40ss@db.example:3307/vton")
        #expect(plain.host == "db.example" && plain.port == 3307 && plain.username == "vton" && plain.password == "p@ss")
        #expect(plain.database == "vton" && plain.tls == .disable)
        #expect(try MySQLConfiguration(url: "mysql://u@h/d?tls=require").tls == .require)
        #expect(try MySQLConfiguration(url: "mysql://u@h/d?ssl-mode=VERIFY_IDENTITY").tls == .verify)
        #expect(try MySQLConfiguration(url: "mysql://u@h/d").port == 3306)
        for bad in ["mysql://h", "mysql:///d", "mysql://u@h/d?tls=maybe", "postgres://u@h/d"] {
            #expect(throws: MySQLConfiguration.Invalid.self) { try MySQLConfiguration(url: bad) }
        }
        #expect(try DatabaseLocation.parse("mysql://u:p@h:3306/d") == .mysql("mysql://u:p@h:3306/d"))
        #expect(throws: DatabaseLocation.Invalid.self) { try DatabaseLocation.parse("mysql://u:p@h:3306/") }
    }

    @Test func timesKeepTheirMicroseconds() throws {
        for seconds in [0, 1.000_001, 1_765_000_000.123_456, -86_400.5, 4_102_444_800.999_999] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = MySQLDateText.format(date)
            let back = try #require(MySQLDateText.parse(Array(text.utf8)[...]))
            #expect(abs(back.timeIntervalSince1970 - seconds) < 0.000_001, "\(text)")
        }
        #expect(MySQLDateText.format(Date(timeIntervalSince1970: 1_765_000_000.5)) == "2025-12-06 05:46:40.500000")
        #expect(MySQLDateText.parse(Array("2025-12-06".utf8)[...]) == Date(timeIntervalSince1970: 1_764_979_200))
    }

    /// `query` is added to the fresh database's URL (`?tls=require`).
    func withDatabase(query: String = "", _ body: (any SQLDatabase) async throws -> Void) async throws {
        var logger = Logger(label: "test.mysql")
        logger.logLevel = .warning
        guard case .mysql(let url) = try await TestServer.freshMySQL() else { throw MySQLConfiguration.Invalid(description: "not MySQL") }
        let connection = try DatabaseConnection(location: .mysql(url + query), logger: logger)
        do {
            try await body(try connection.database as! any SQLDatabase)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }

    @Test(arguments: servers)
    func valuesComeBackAsTheyWereBound(server: String) async throws {
        try await withDatabase { sql in
            try await sql.raw(
                """
                CREATE TABLE sample (id BIGINT PRIMARY KEY AUTO_INCREMENT, name MEDIUMTEXT, amount BIGINT, ratio DOUBLE, flag BOOL,
                at DATETIME(6), uid CHAR(36), bytes LONGBLOB, note MEDIUMTEXT NULL)
                """
            ).run()
            let long = String(repeating: "長い文字列 ", count: 5_000)
            let at = Date(timeIntervalSince1970: 1_765_000_000.654_321)
            let uid = UUID()
            let bytes = Data((0..<300).map { UInt8($0 % 256) })
            let inserted = try await sql.raw(
                """
                INSERT INTO sample (name, amount, ratio, flag, at, uid, bytes, note)
                VALUES (\(bind: long), \(bind: Int64.max), \(bind: 0.25), \(bind: true), \(bind: at), \(bind: uid), \(bind: bytes), \(bind: String?.none))
                RETURNING id
                """
            ).all()
            let id = try #require(inserted.first).decode(column: "id", as: Int.self)
            let row = try #require(try await sql.raw("SELECT * FROM sample WHERE id = \(bind: id)").first())
            #expect(try row.decode(column: "name", as: String.self) == long)
            #expect(try row.decode(column: "amount", as: Int.self) == Int.max)
            #expect(try row.decode(column: "ratio", as: Double.self) == 0.25)
            #expect(try row.decode(column: "flag", as: Bool.self))
            #expect(abs(try row.decode(column: "at", as: Date.self).timeIntervalSince(at)) < 0.000_001)
            #expect(try row.decode(column: "uid", as: UUID.self) == uid)
            #expect(try row.decode(column: "bytes", as: Data.self) == bytes)
            #expect(try row.decode(column: "note", as: String?.self) == nil)
            #expect(try row.decodeNil(column: "note"))
            // Text compares byte for byte: case matters, as on SQLite and PostgreSQL.
            #expect(try await sql.raw("SELECT id FROM sample WHERE uid = \(bind: uid.uuidString.lowercased())").all().isEmpty)
        }
    }

    @Test(arguments: servers)
    func aDuplicateKeyIsAConstraintFailureAndATransactionRollsBack(server: String) async throws {
        try await withDatabase { sql in
            try await sql.raw("CREATE TABLE names (name VARCHAR(255) PRIMARY KEY)").run()
            try await sql.raw("INSERT INTO names VALUES (\(bind: "a"))").run()
            do {
                try await sql.raw("INSERT INTO names VALUES (\(bind: "a"))").run()
                Issue.record("a duplicate was written")
            } catch let error as any DatabaseError {
                #expect(error.isConstraintFailure)
                #expect(String(reflecting: error).contains("Duplicate entry"))
            }
            let database = sql as! any Database
            await #expect(throws: MySQLError.self) {
                try await database.transaction { database in
                    try await (database as! any SQLDatabase).raw("INSERT INTO names VALUES (\(bind: "b"))").run()
                    try await (database as! any SQLDatabase).raw("INSERT INTO names VALUES (\(bind: "a"))").run()
                }
            }
            let names = try await sql.raw("SELECT name FROM names ORDER BY name").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(names == ["a"])
        }
    }

    /// The suite's MariaDB has a self-signed certificate (scripts/test-mariadb.sh).
    @Test(arguments: servers)
    func tlsIsUsedWhenTheURLAsksAndAnUntrustedCertificateIsRefusedWhereItMustBeVerified(server: String) async throws {
        func cipher(_ sql: any SQLDatabase) async throws -> String {
            let row = try #require(try await sql.raw("SHOW SESSION STATUS LIKE 'Ssl_cipher'").first())
            return try row.decode(column: "Value", as: String.self)
        }
        try await withDatabase(query: "?tls=require") { sql in
            let value = try await cipher(sql)
            #expect(!value.isEmpty, "the connection is not encrypted")
        }
        await #expect(throws: (any Error).self) {
            try await withDatabase(query: "?tls=verify") { sql in _ = try await cipher(sql) }
        }
    }
}
