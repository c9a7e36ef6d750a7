import Foundation
import GeminiEmulator
import Hummingbird
import HummingbirdTesting
import Logging
import S3Storage
import SQLKit
import Testing
import VTONDomain
import VTONImaging
import VTONPersistence

@testable import VTONApp

/// A real server on a loopback port with its own data directory and SQLite file, the
/// embedded emulator as provider, and quick retries and leases so tests stay short.
struct TestServer {
    let client: any TestClientProtocol
    let dataDirectory: String
    /// Where this server keeps its rows, for tests that write beside it as another process would.
    let database: DatabaseLocation
    let journal: RequestJournal
    /// The server's prefix of the S3 test bucket, when it keeps its blobs there.
    var bucket: S3Client? = nil

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func configuration(dataDirectory: String) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.dataDirectory = dataDirectory
        configuration.database = .sqliteFile(dataDirectory + "/vton.sqlite")
        configuration.publicDirectory = repositoryRoot.appendingPathComponent("Public").path
        configuration.workerConcurrency = 4
        configuration.leaseSeconds = 2
        configuration.retryPolicy = RetryPolicy(maxAttempts: 4, initialDelay: 0.05, multiplier: 2, maxDelay: 1, jitter: 0.02)
        configuration.emulatorBatchSeconds = 0.6
        configuration.batchPollSeconds = 0.2
        return configuration
    }

    /// What each of the `users` starts with: enough that only the credit tests run short.
    static let startingCredits = 1_000_000

    /// The database this run of the suite puts every server and repository on: SQLite unless
    /// VTON_TEST_DATABASE names PostgreSQL or MySQL. `make test` runs the whole suite once on
    /// each, the second inside scripts/test-postgres.sh (which sets VTON_TEST_POSTGRES_URL), the
    /// third inside scripts/test-mariadb.sh (VTON_TEST_MARIADB_URL); a run without its server's
    /// URL fails rather than quietly testing SQLite again.
    static let database = ProcessInfo.processInfo.environment["VTON_TEST_DATABASE"] ?? "sqlite"

    /// `database` as test arguments, so a test's name says which database it ran on.
    static var databases: [String] { [database] }

    /// Where a test server can keep its blobs: files in its data directory always, a prefix of
    /// its own in the S3 test bucket when `make test` started one (scripts/test-s3.sh).
    static var storages: [String] {
        S3TestBucket.enabled ? ["files", "s3"] : ["files"]
    }

    /// A fresh, empty database of the given kind on its test server, or nil for SQLite (whose
    /// file the caller places); a kind the tests do not know fails.
    static func fresh(_ kind: String) async throws -> DatabaseLocation? {
        switch kind {
        case "sqlite": return nil
        case "postgres": return try await freshPostgres()
        case "mysql": return try await freshMySQL()
        default: throw UnknownTestDatabase(name: kind)
        }
    }

    /// The database of kind `kind` for a server on `dataDirectory`, nil for SQLite (its file is
    /// in the directory). A server started again on the same directory finds the database the
    /// one before it left, as a restarted process would: a fresh one's URL is kept beside it.
    private static func location(of kind: String, in dataDirectory: String) async throws -> DatabaseLocation? {
        let kept = dataDirectory + "/test-database-url"
        if let url = try? String(contentsOfFile: kept, encoding: .utf8) { return try DatabaseLocation.parse(url) }
        let location = try await fresh(kind)
        switch location {
        case .postgres(let url), .mysql(let url): try url.write(toFile: kept, atomically: true, encoding: .utf8)
        case .sqliteFile, .sqliteMemory, nil: break
        }
        return location
    }

    static func freshPostgres() async throws -> DatabaseLocation {
        try await freshDatabase(server: "VTON_TEST_POSTGRES_URL", DatabaseLocation.postgres)
    }

    static func freshMySQL() async throws -> DatabaseLocation { try await freshDatabase(server: "VTON_TEST_MARIADB_URL", DatabaseLocation.mysql) }

    /// A fresh, empty database of its own on the server whose URL `server` names, so tests never
    /// share rows.
    private static func freshDatabase(server: String, _ location: (String) -> DatabaseLocation) async throws -> DatabaseLocation {
        let base = try #require(ProcessInfo.processInfo.environment[server], "\(server) is not set: no test server to run on")
        let name = "vton_\(UUID().uuidString.prefix(8).lowercased())"
        var logger = Logger(label: "test.database")
        logger.logLevel = .warning
        let admin = try DatabaseConnection(location: location(base), logger: logger)
        do { try await (try admin.database as! any SQLDatabase).raw("CREATE DATABASE \(unsafeRaw: name)").run() } catch {
            await admin.shutdown()
            throw error
        }
        await admin.shutdown()
        let slash = try #require(base.lastIndex(of: "/"))
        return location(base[..<slash] + "/" + name)
    }

    /// Runs `body` against a started server. `users` are created before start (password "password1",
    /// role `user`, `startingCredits`). `database` is "sqlite", "postgres" or "mysql" (`databases`),
    /// `storage` "files" or "s3" (`storages`).
    static func run(
        database: String = TestServer.database,
        storage: String = "files",
        users: [String] = [],
        dataDirectory reused: String? = nil,
        configure: (inout AppConfiguration, inout AppOverrides) -> Void = { _, _ in },
        prepare: (DatabaseConnection) async throws -> Void = { _ in },
        afterShutdown: (DatabaseConnection) async throws -> Void = { _ in },
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        let dataDirectory = reused ?? FileManager.default.temporaryDirectory.appendingPathComponent("vton-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        defer { if reused == nil { try? FileManager.default.removeItem(atPath: dataDirectory) } }
        var configuration = configuration(dataDirectory: dataDirectory)
        if let location = try await location(of: database, in: dataDirectory) { configuration.database = location }
        let bucketSettings = storage == "s3" ? try S3TestBucket.settings() : nil
        configuration.storage = bucketSettings
        let bucket = bucketSettings.map(S3TestBucket.client)
        var overrides = AppOverrides()
        overrides.bcryptCost = 4
        // Dozens of servers share two cores here; the tests that look at sizes turn grain back on.
        overrides.emulatorGrain = false
        let journal = RequestJournal()
        overrides.emulatorJournal = journal
        configure(&configuration, &overrides)

        var setupLogger = Logger(label: "test.setup")
        setupLogger.logLevel = .warning
        let connection = try DatabaseConnection(location: configuration.database, logger: setupLogger)
        // Shut down on failure too: a connection dropped unclosed trips an assertion that ends
        // the whole test process instead of failing one test.
        do {
            try await connection.migrate()
            let repository = FluentUserRepository(connection: connection)
            for name in users where try await repository.find(username: name) == nil {
                let hash = try await PasswordHasher(cost: 4).hash("password1")
                try await repository.create(
                    User(username: name, email: "\(name)@example.com", passwordHash: hash, isSuperuser: false, roleIDs: [Role.userID]),
                    grant: Self.startingCredits, actorID: nil)
            }
            try await prepare(connection)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()

        var logger = Logger(label: "vton.test")
        logger.logLevel = .warning
        let app = try await buildApplication(configuration, overrides: overrides, logger: logger)
        let database = configuration.database
        try await app.test(.live) { client in
            try await body(TestServer(client: client, dataDirectory: dataDirectory, database: database, journal: journal, bucket: bucket))
        }

        let reopened = try DatabaseConnection(location: configuration.database, logger: setupLogger)
        do { try await afterShutdown(reopened) } catch {
            await reopened.shutdown()
            throw error
        }
        await reopened.shutdown()
    }

    var port: Int { client.port! }

    // MARK: HTTP

    struct Reply {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:] }
        var data: Data { Data(body.readableBytesView) }
    }

    func request(
        _ method: HTTPRequest.Method, _ path: String, json: Any? = nil, token: String? = nil, headers extra: HTTPFields = [:],
        body raw: ByteBuffer? = nil
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body = raw
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }

    func login(_ username: String = "admin", password: String = "123456") async throws -> String {
        let reply = try await request(.post, "/api/v1/base/access_token", json: ["username": username, "password": password])
        #expect(reply.status == .ok, "login of \(username) failed: \(reply.json)")
        let data = try #require(reply.json["data"] as? [String: Any])
        return try #require(data["access_token"] as? String)
    }

    func createTask(_ body: [String: Any], token: String) async throws -> String {
        let reply = try await request(.post, "/api/v1/images/generate", json: body, token: token)
        #expect(reply.status == .created, "\(reply.json)")
        return try #require(reply.json["task_id"] as? String)
    }

    func task(_ id: String, token: String) async throws -> [String: Any] {
        try await request(.get, "/api/v1/images/tasks/\(id)", token: token).json
    }

    /// Polls until the task reaches one of `statuses` (tests also watch sockets; this is for HTTP-only checks).
    func waitForTask(_ id: String, token: String, in statuses: Set<String> = ["succeeded", "failed", "canceled"]) async throws -> [String: Any] {
        let reached = try await eventually(within: .seconds(60)) {
            let task = try await task(id, token: token)
            return (task["status"] as? String).flatMap { statuses.contains($0) ? task : nil }
        }
        if let reached { return reached }
        Issue.record("task \(id) never reached \(statuses)")
        return try await task(id, token: token)
    }

    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    static func dataURL(_ name: String, mime: String = "image/png") throws -> String {
        "data:\(mime);base64," + (try fixture(name)).base64EncodedString()
    }

    /// Width and height of a downloaded image, whatever its format.
    static func imageSize(_ data: Data) -> (width: Int, height: Int)? {
        (try? ImageInspector.inspect(data)).map { ($0.width, $0.height) }
    }
}

struct UnknownTestDatabase: Error, CustomStringConvertible {
    let name: String
    var description: String { "VTON_TEST_DATABASE=\(name): the tests run on sqlite, postgres or mysql" }
}
