import Foundation

public struct User: Sendable, Equatable {
    public var id: UUID
    public var username: String
    public var email: String?
    public var passwordHash: String
    public var isSuperuser: Bool
    public var isActive: Bool
    /// Tokens issued before this instant are no longer accepted.
    public var tokensValidAfter: Date
    public var roleIDs: [UUID]
    /// Credits free to spend; what running tasks hold is already taken off.
    public var credits: Int
    public var createdAt: Date

    public init(
        id: UUID = UUID(), username: String, email: String?, passwordHash: String, isSuperuser: Bool, isActive: Bool = true,
        tokensValidAfter: Date = Date(timeIntervalSince1970: 0), roleIDs: [UUID] = [], credits: Int = 0, createdAt: Date = Date()
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.isSuperuser = isSuperuser
        self.isActive = isActive
        self.tokensValidAfter = tokensValidAfter
        self.roleIDs = roleIDs
        self.credits = credits
        self.createdAt = createdAt
    }
}
