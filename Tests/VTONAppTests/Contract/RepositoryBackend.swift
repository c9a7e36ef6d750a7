import Foundation
import Testing
import VTONDomain

@testable import VTONPersistence

/// The repositories a contract test holds to its assertions: the in-memory fakes, or the Fluent
/// ones on a fresh, migrated database of this run's kind (`TestServer.database`).
struct RepositoryBackend: Sendable {
    let tasks: any TaskRepository
    let users: any UserRepository
    let credits: any CreditRepository

    static var kinds: [String] { ["memory"] + RepositoryTests.locations }

    static func with(_ kind: String, _ body: (RepositoryBackend) async throws -> Void) async throws {
        guard kind != "memory" else {
            let database = InMemoryDatabase()
            try await body(
                RepositoryBackend(
                    tasks: InMemoryTaskRepository(database: database), users: InMemoryUserRepository(database: database),
                    credits: InMemoryCreditRepository(database: database)))
            return
        }
        try await RepositoryTests().withDatabase(kind) { connection, _ in
            try await body(
                RepositoryBackend(
                    tasks: FluentTaskRepository(connection: connection), users: FluentUserRepository(connection: connection),
                    credits: FluentCreditRepository(connection: connection)))
        }
    }

    /// A new account starting with `credits`.
    func user(credits: Int = 0) async throws -> User {
        let user = User(username: "u-\(UUID().uuidString.prefix(8))", email: nil, passwordHash: "x", isSuperuser: false)
        try await users.create(user, grant: credits, actorID: nil)
        return user
    }

    func balance(of user: User) async throws -> Int {
        try #require(try await users.find(id: user.id)).credits
    }
}

/// A realtime 1K task of `user`'s, holding `credits` when they are more than zero.
func contractTask(
    _ user: User, _ prompt: String = "p", key: String? = nil, holding credits: Int = 0, priority: String? = nil, createdAt: Date = Date()
) throws -> ImageTask {
    let draft = GenerationDraft(prompt: prompt, priority: priority, idempotencyKey: key)
    var task = ImageTask(
        userID: user.id, spec: try GenerationSpec.validate(draft, defaultModel: "gemini-3-pro-image"), referenceFileIDs: [], createdAt: createdAt)
    if credits > 0 {
        task.creditsHeld = credits
        task.creditState = .reserved
    }
    return task
}
