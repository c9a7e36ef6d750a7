import Foundation

/// A task's results made viewable without logging in, by whoever holds the link's token,
/// until it expires or its owner revokes it.
public struct ShareLink: Sendable, Equatable {
    public enum State: String, Sendable {
        case active
        case expired
        case revoked
    }

    public var id: UUID
    public var taskID: UUID
    public var userID: UUID
    /// Random and unguessable; the link's whole authority.
    public var token: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(
        id: UUID = .timeOrdered(), taskID: UUID, userID: UUID, token: String, createdAt: Date, expiresAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.taskID = taskID
        self.userID = userID
        self.token = token
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func state(at now: Date) -> State {
        if revokedAt != nil { return .revoked }
        return expiresAt > now ? .active : .expired
    }

    /// Links of one task that may be active at once: enough for every audience, few enough to
    /// keep track of (revoke one to make another).
    public static let maxActivePerTask = 10
    public static let defaultLifetimeSeconds = 7 * 86_400
    public static let maxLifetimeSeconds = 30 * 86_400

    /// `expires_in_seconds`: 60 s to 30 days, 7 days when absent.
    public static func lifetime(_ seconds: Int?) throws(ValidationError) -> Int {
        guard let seconds else { return defaultLifetimeSeconds }
        guard (60...maxLifetimeSeconds).contains(seconds) else {
            throw ValidationError(field: "expires_in_seconds", "must be 60–\(maxLifetimeSeconds) seconds")
        }
        return seconds
    }
}

/// A task has `ShareLink.maxActivePerTask` active links already.
public struct ShareLinkCapReached: Error, Sendable {
    public init() {}
}
