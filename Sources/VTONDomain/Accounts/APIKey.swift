import Foundation

/// A credential for programs. Only a hash of its secret is kept; the secret is shown once.
public struct APIKey: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var name: String
    /// The first characters of the secret, shown in lists so a key can be recognised.
    public var prefix: String
    public var secretHash: String
    /// A subset of the owner's permissions; the owner's current ones still bound it.
    public var permissions: Set<Permission>
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(
        id: UUID = UUID(), userID: UUID, name: String, prefix: String, secretHash: String, permissions: Set<Permission>,
        createdAt: Date = Date(), lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.secretHash = secretHash
        self.permissions = permissions
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    /// Keys read `vtk_<prefix>_<secret>`, so a bearer token is told apart from a JWT at a glance.
    public static let marker = "vtk_"
}
