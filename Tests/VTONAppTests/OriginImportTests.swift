import CArgon2
import Foundation
import Logging
import S3Storage
import SQLKit
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// `vton import-origin` from a real MariaDB holding the origin's tables, into SQLite and into
/// MariaDB: what is copied, that a second run copies nothing more, that a dry run writes
/// nothing, and that an imported argon2 password logs in over HTTP and is then stored as
/// bcrypt. The origin needs the MariaDB of the suite's MySQL run, so that run imports into both.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OriginImportTests {
    /// (target database, storage): result files must land where the server reads them.
    static var targets: [(String, String)] { TestServer.database == "mysql" ? [("sqlite", "files"), ("mysql", "files"), ("mysql", "s3")] : [] }

    /// An argon2id hash in the PHC form passlib writes (cheap parameters: a test).
    static func argon2(_ password: String) throws -> String {
        var encoded = [CChar](repeating: 0, count: 256)
        let salt = Array("vton-origin-salt".utf8)
        let bytes = Array(password.utf8)
        let status = argon2id_hash_encoded(2, 1024, 1, bytes, bytes.count, salt, salt.count, 32, &encoded, encoded.count)
        try #require(status == ARGON2_OK.rawValue)
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An origin database with two roles, four accounts and five tasks.
    static func origin(resultFile: String) async throws -> DatabaseLocation {
        let location = try await TestServer.freshMySQL()
        var logger = Logger(label: "test.origin")
        logger.logLevel = .warning
        let connection = try DatabaseConnection(location: location, logger: logger)
        do {
            let sql = try connection.database as! any SQLDatabase
            let schema = try String(decoding: TestServer.fixture("origin-schema.sql"), as: UTF8.self)
            for statement in schema.components(separatedBy: ";\n") {
                let text = statement.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
                if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try await sql.raw("\(unsafeRaw: text)").run() }
            }
            try await sql.raw("INSERT INTO role (id, name, `desc`) VALUES (1, 'admin', 'everything'), (2, '编辑', 'editors')").run()
            let (admin, alice, bob) = (
                try argon2("origin-admin1"), try argon2("alice-secret1"), try await PasswordHasher(cost: 4).hash("bob-secret12")
            )
            try await sql.raw(
                """
                INSERT INTO `user` (id, username, email, password, is_active, is_superuser) VALUES
                (1, 'admin', 'admin@origin.example', \(bind: admin), 1, 1), (2, 'alice', 'alice@origin.example', \(bind: alice), 1, 0),
                (3, 'bob', 'bob@origin.example', \(bind: bob), 1, 0), (4, 'carol', 'carol@origin.example', NULL, 0, 0)
                """
            ).run()
            try await sql.raw("INSERT INTO user_role (user_id, role_id) VALUES (1, 1), (2, 2), (3, 2)").run()
            try await sql.raw(
                """
                INSERT INTO image_task (task_id, user_id, status, prompt, aspect_ratio, resolution, result, completed_at) VALUES
                (UUID(), 2, 'succeeded', 'a red dress on a hanger', '3:4', '2K', \(bind: "[\"\(resultFile)\"]"), '2025-06-01 10:00:00'),
                (UUID(), 2, 'succeeded', 'a cat on grass', '1:1', '1K', '{"images": ["static/gone.png"]}', '2025-06-02 10:00:00'),
                (UUID(), 2, 'failed', 'never made', '1:1', '1K', NULL, NULL),
                (UUID(), 1, 'succeeded', 'an admin''s test', '6:9', '1K', '[]', '2025-06-03 10:00:00'),
                (UUID(), 3, 'running', 'still going', '1:1', '1K', NULL, NULL)
                """
            ).run()
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
        return location
    }

    func importer(_ origin: DatabaseConnection, into target: DatabaseConnection, blobs: any BlobStore, dryRun: Bool) throws -> OriginImporter {
        try OriginImporter(
            origin: origin, target: target, blobs: blobs, hasher: PasswordHasher(cost: 4), filesRoot: "/nonexistent",
            defaultModel: "gemini-3-pro-image", newUserCredits: 500, dryRun: dryRun, pageSize: 2)
    }

    @Test(arguments: targets)
    func accountsAndFinishedTasksAreCopiedOnceAndArgon2PasswordsLogIn(target: String, storage: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-origin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let resultFile = directory + "/origin-result.jpg"
        try TestServer.fixture("garment-dress.jpg").write(to: URL(fileURLWithPath: resultFile))
        var logger = Logger(label: "test.origin")
        logger.logLevel = .warning
        let origin = try DatabaseConnection(location: try await Self.origin(resultFile: resultFile), logger: logger)
        do { try await importAndLogIn(from: origin, into: target, storage: storage, directory: directory) } catch {
            await origin.shutdown()
            throw error
        }
        await origin.shutdown()
    }

    func importAndLogIn(from origin: DatabaseConnection, into target: String, storage: String, directory: String) async throws {
        var bucket: S3Settings?
        // `bob` has an account here already: the origin's `bob` is merged into it.
        try await TestServer.run(
            database: target, storage: storage, users: ["bob"], dataDirectory: directory,
            configure: { configuration, _ in bucket = configuration.storage },
            prepare: { connection in
                let blobs: any BlobStore = try bucket.map { S3BlobStore(client: S3TestBucket.client($0)) } ?? LocalBlobStore(directory: directory)
                let dry = try await importer(origin, into: connection, blobs: blobs, dryRun: true).run()
                #expect(dry.usersCreated == 3 && dry.usersMerged == 1 && dry.tasksCreated == 3 && dry.filesCopied == 1 && dry.filesUnreadable == 1)
                #expect(try await FluentUserRepository(connection: connection).find(username: "alice") == nil)
                #expect(try await FluentRoleRepository(connection: connection).find(name: "编辑") == nil)

                let first = try await importer(origin, into: connection, blobs: blobs, dryRun: false).run()
                #expect(first == dry)
                #expect(first.rolesCreated == 1 && first.rolesExisting == 1 && first.tasksSkipped == 0)
                let again = try await importer(origin, into: connection, blobs: blobs, dryRun: false).run()
                #expect(again.usersCreated == 0 && again.usersExisting == 3 && again.usersMerged == 1)
                #expect(again.tasksCreated == 0 && again.tasksExisting == 3 && again.filesCopied == 0 && again.rolesCreated == 0)

                let users = FluentUserRepository(connection: connection)
                let alice = try #require(try await users.find(username: "alice"))
                #expect(alice.passwordHash.hasPrefix("$argon2id$") && alice.credits == 500 && alice.email == "alice@origin.example")
                let editors = try #require(try await FluentRoleRepository(connection: connection).find(name: "编辑"))
                #expect(alice.roleIDs == [editors.id])
                #expect(try #require(try await users.find(username: "carol")).isActive == false)
            },
            afterShutdown: { connection in
                // The argon2 hashes were replaced by bcrypt at the first login.
                let users = FluentUserRepository(connection: connection)
                for name in ["alice", "admin"] {
                    let user = try #require(try await users.find(username: name))
                    #expect(user.passwordHash.hasPrefix("$2"), "\(name)")
                }
            }
        ) { server in
            let token = try await server.login("alice", password: "alice-secret1")
            let wrong = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "alice", "password": "alice-secret2"])
            #expect(wrong.status == .unauthorized)
            #expect(try await server.login("bob", password: "password1").isEmpty == false)
            #expect(try await server.login("admin", password: "origin-admin1").isEmpty == false)

            let page = try await server.request(.get, "/api/v1/images?limit=10", token: token).json
            let tasks = try #require(page["tasks"] as? [[String: Any]])
            #expect(tasks.count == 2 && tasks.allSatisfy { $0["status"] as? String == "succeeded" })
            let dress = try #require(tasks.first { $0["prompt"] as? String == "a red dress on a hanger" })
            #expect(dress["aspect_ratio"] as? String == "3:4" && dress["resolution"] as? String == "2K")
            let result = try #require(dress["result"] as? [String: Any])
            let image = try #require((result["images"] as? [[String: Any]])?.first)
            let file = try await server.request(.get, try #require(image["url"] as? String), token: token)
            let size = try TestServer.fixture("garment-dress.jpg").count
            #expect(file.status == .ok && file.body.readableBytes == size)
            let cat = try #require(tasks.first { $0["prompt"] as? String == "a cat on grass" })
            #expect((cat["result"] as? [String: Any])?["expired"] as? Bool == true)

        }
    }
}
