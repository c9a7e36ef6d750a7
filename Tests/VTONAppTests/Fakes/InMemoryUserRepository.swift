import Foundation
import VTONDomain

@testable import VTONPersistence

/// `UserRepository` in memory: usernames and e-mail addresses unique regardless of case, and a
/// new account's grant as its first ledger row, as `FluentUserRepository` keeps them.
struct InMemoryUserRepository: UserRepository {
    let database: InMemoryDatabase

    func find(id: UUID) async throws -> User? {
        database.read { $0.users[id]?.user }
    }

    func find(username: String) async throws -> User? {
        database.read { rows in rows.users.values.first { $0.user.username.lowercased() == username.lowercased() }?.user }
    }

    func taken(username: String?, email: String?, except userID: UUID?) async throws -> (username: Bool, email: Bool) {
        let rows = database.read { $0 }
        return Self.taken(username: username, email: email, except: userID, in: rows)
    }

    private static func taken(
        username: String?, email: String?, except userID: UUID?, in rows: InMemoryDatabase.Rows
    ) -> (username: Bool, email: Bool) {
        let others = rows.users.values.map(\.user).filter { $0.id != userID }
        return (
            username.map { name in others.contains { $0.username.lowercased() == name.lowercased() } } ?? false,
            email.map { email in others.contains { $0.email?.lowercased() == email.lowercased() } } ?? false
        )
    }

    func create(_ user: User, grant: Int, actorID: UUID?) async throws {
        try database.write { rows in
            try Self.refuseTaken(user, in: rows)
            var stored = user
            stored.credits = 0
            rows.users[user.id] = InMemoryDatabase.StoredUser(user: stored)
            if grant > 0 { try rows.move(userID: user.id, CreditMovement(kind: .grant, delta: grant), actorID: actorID, reason: "new account") }
        }
    }

    func update(_ user: User) async throws {
        try database.write { rows in
            try Self.refuseTaken(user, in: rows)
            guard var stored = rows.users[user.id]?.user else { return }
            stored.username = user.username
            stored.email = user.email
            stored.isActive = user.isActive
            stored.isSuperuser = user.isSuperuser
            stored.tokensValidAfter = user.tokensValidAfter
            stored.roleIDs = Array(Set(user.roleIDs))
            rows.users[user.id]?.user = stored
        }
    }

    private static func refuseTaken(_ user: User, in rows: InMemoryDatabase.Rows) throws {
        let taken = taken(username: user.username, email: user.email, except: user.id, in: rows)
        if taken.username { throw UniqueViolation(field: "username") }
        if taken.email { throw UniqueViolation(field: "email") }
    }

    func updatePassword(userID: UUID, hash: String, tokensValidAfter: Date) async throws {
        try database.write { rows in
            rows.users[userID]?.user.passwordHash = hash
            rows.users[userID]?.user.tokensValidAfter = tokensValidAfter
        }
    }

    func markDeleted(userID: UUID, at date: Date) async throws {
        try database.write { rows in
            rows.users[userID]?.user.isActive = false
            rows.users[userID]?.user.tokensValidAfter = date
            rows.users[userID]?.deletedAt = date
        }
    }

    func list(_ search: UserSearch) async throws -> UserPage {
        database.read { rows in
            let matching = rows.users.values.filter { row in
                row.deletedAt == nil && search.username.map { $0.isEmpty || row.user.username.contains($0) } != false
                    && search.email.map { $0.isEmpty || row.user.email?.contains($0) == true } != false
            }.map(\.user).sorted { ($0.createdAt, $0.username) < ($1.createdAt, $1.username) }
            return UserPage(users: Array(matching.dropFirst((search.page - 1) * search.pageSize).prefix(search.pageSize)), total: matching.count)
        }
    }
}
