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

    public init(
        id: UUID = UUID(), username: String, email: String?, passwordHash: String, isSuperuser: Bool, isActive: Bool = true,
        tokensValidAfter: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.isSuperuser = isSuperuser
        self.isActive = isActive
        self.tokensValidAfter = tokensValidAfter
    }
}
