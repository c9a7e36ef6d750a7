import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// The users that requests were identified as in the last moment, so that a client's stream
/// of requests reads its user row once per `lifetime` rather than once per request (a fifth of
/// a `POST …/generate`, and one more trip to the database thread for each).
///
/// Every change this process makes to a user forgets that user at once. A change made by
/// another process (`vton reset-password`, a second server on the same PostgreSQL) takes up
/// to `lifetime` to be seen: a revoked token keeps working that long. Balances shown to
/// clients are read afresh, not from here.
final class RecentUsers: Sendable {
    private struct Entry {
        let user: User
        let readAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [UUID: Entry] = [:]
        /// Counts forgets, so that a read which began before one is not remembered after it.
        var forgets = 0
    }

    private let lifetime: Duration
    private let state = Mutex(State())

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// The remembered user if read within `lifetime`, otherwise `load()`'s answer, remembered.
    func user(id: UUID, load: () async throws -> User?) async throws -> User? {
        let now = ContinuousClock.now
        let (remembered, forgets) = state.withLock { ($0.entries[id], $0.forgets) }
        if let remembered, now - remembered.readAt < lifetime { return remembered.user }
        let user = try await load()
        state.withLock { state in
            guard state.forgets == forgets else { return }
            // Users are few; dropping what has aged keeps the table that size without a timer.
            if state.entries.count >= 1024 { state.entries = state.entries.filter { now - $0.value.readAt < lifetime } }
            state.entries[id] = user.map { Entry(user: $0, readAt: now) }
        }
        return user
    }

    func forget(userID: UUID) {
        state.withLock { state in
            state.entries[userID] = nil
            state.forgets += 1
        }
    }
}

extension UserRepository {
    /// The user as stored now: a request's identity may have been read a moment ago
    /// (`RecentUsers`), before a task took credits or another process changed the password.
    func stored(_ user: User) async throws -> User {
        try await find(id: user.id) ?? user
    }
}
