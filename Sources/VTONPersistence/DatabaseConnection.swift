import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import VTONMySQL

/// Which database to use, read from `DATABASE_URL`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(String)
    case mysql(String)

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ url: String) throws(Invalid) -> DatabaseLocation {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url) }
        if url.hasPrefix("mysql://") || url.hasPrefix("mariadb://") {
            do { _ = try MySQLConfiguration(url: url) } catch { throw Invalid(description: error.description) }
            return .mysql(url)
        }
        if url == "sqlite::memory:" || url == "sqlite://:memory:" { return .sqliteMemory }
        if url.hasPrefix("sqlite://") { return .sqliteFile(String(url.dropFirst("sqlite://".count))) }
        throw Invalid(
            description: "\"\(url)\" is neither sqlite://<path>, sqlite::memory:, postgres://user:pass@host/db nor mysql://user:pass@host/db")
    }
}

/// Owns the Fluent connection pools for one database and hands out the `Database` to use.
public final class DatabaseConnection: Sendable {
    let databases: Databases
    /// SQLite calls block their thread; a pool of their own keeps them from queueing behind
    /// other blocking work (bcrypt, image files) in the shared pool.
    private let threadPool: NIOThreadPool
    private let eventLoop: any EventLoop
    private let logger: Logger
    public let isSQLite: Bool
    public let isMySQL: Bool
    /// Where reads that need no transaction go. For an SQLite file, connections of their own,
    /// which WAL lets read while the one writer writes (with one connection for everything,
    /// every request queued behind every write); otherwise the pool of writes.
    private let readsID: DatabaseID

    /// `name` becomes PostgreSQL's `application_name` for these connections, so an operator
    /// sees in `pg_stat_activity` which process, in which role, holds them.
    public init(location: DatabaseLocation, name: String = "vton", logger: Logger) throws {
        let group = MultiThreadedEventLoopGroup.singleton
        threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: group)
        self.logger = logger
        switch location {
        case .sqliteFile(let path):
            // One connection on one event loop: SQLite has one writer, and queueing in the pool
            // is cheaper than busy retries between connections.
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(30)), as: .sqlite)
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(30)), as: .sqliteReads)
            readsID = .sqliteReads
            isSQLite = true
        case .sqliteMemory:
            databases.use(.sqlite(.memory, maxConnectionsPerEventLoop: 1), as: .sqlite)
            readsID = .sqlite
            isSQLite = true
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.coreConfiguration.options.additionalStartupParameters.append(("application_name", name))
            databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 8), as: .psql)
            readsID = .psql
            isSQLite = false
        case .mysql(let url):
            databases.use(.mysql(configuration: try MySQLConfiguration(url: url)), as: .mysql)
            readsID = .mysql
            isSQLite = false
        }
        isMySQL = readsID == .mysql
        eventLoop = group.next()
        databases.default(to: isSQLite ? .sqlite : readsID)
    }

    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the database connection is closed" }
    }

    public var database: any Database {
        get throws {
            guard let database = databases.database(logger: logger, on: eventLoop) else { throw Closed() }
            return database
        }
    }

    /// The rows of a read that needs no transaction (it sees every committed write), written as
    /// one SQL string with its binds for both dialects.
    func read(_ query: SQLQueryString) async throws -> [RowColumns] {
        guard let reads = databases.database(readsID, logger: logger, on: eventLoop) as? any SQLDatabase else { throw Closed() }
        guard let sqlite = reads as? any SQLiteDatabase else { return try await reads.raw(query).all().map { RowColumns($0) } }
        let (text, binds) = reads.serialize(query)
        let encoder = SQLiteDataEncoder()
        return try await sqlite.query(text, try binds.map { try encoder.encode($0) }).map { RowColumns($0) }
    }

    public func migrate() async throws {
        guard !isSQLite else { return try await migrateUnlocked() }
        // Processes started together on one PostgreSQL or MySQL would each create the same
        // tables: the first to take this lock migrates, the others wait for it and find nothing
        // left to do. The lock belongs to the session, so it is taken and released on one connection.
        if isMySQL {
            return try await NamedLocks.holding(["migrations"], waitingAtMost: 600, on: database) { _ in try await self.migrateUnlocked() }
        }
        try await database.withConnection { session in
            let sql = session as! any SQLDatabase
            try await sql.raw("SELECT pg_advisory_lock(\(bind: Self.migrationLock))").run()
            do { try await self.migrateUnlocked() } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(\(bind: Self.migrationLock))").run()
                throw error
            }
            try await sql.raw("SELECT pg_advisory_unlock(\(bind: Self.migrationLock))").run()
        }
    }

    /// The advisory lock key for migrations: any constant other code does not use.
    private static let migrationLock: Int64 = 0x7674_6F6E_6D69_6772

    private func migrateUnlocked() async throws {
        let migrations = Migrations()
        migrations.add(SchemaMigrations.all)
        if isMySQL, let sql = try database as? any SQLDatabase {
            // Tables take the database's defaults: every text column compares byte for byte
            // (case matters in keys and ids), as on SQLite and PostgreSQL.
            try await sql.raw("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").run()
        }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoop)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        if isSQLite, let sql = try database as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            // With WAL, NORMAL keeps the database consistent through a crash and skips an fsync
            // per commit; a power cut may lose the last moments of commits, never corrupt.
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
        }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }
}

extension DatabaseID {
    fileprivate static let sqliteReads = DatabaseID(string: "sqlite-reads")
}
