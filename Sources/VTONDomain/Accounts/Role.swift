import Foundation

/// A named set of permissions, with the task quotas of its members.
public struct Role: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var description: String
    public var permissions: Set<Permission>
    /// Nil: the configured default applies.
    public var tasksPerMinute: Int?
    public var maxTasksInFlight: Int?
    public var isBuiltin: Bool

    public init(
        id: UUID = UUID(), name: String, description: String, permissions: Set<Permission>, tasksPerMinute: Int? = nil,
        maxTasksInFlight: Int? = nil, isBuiltin: Bool = false
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.permissions = permissions
        self.tasksPerMinute = tasksPerMinute
        self.maxTasksInFlight = maxTasksInFlight
        self.isBuiltin = isBuiltin
    }

    /// Fixed ids, so a migration can seed them and code can name them.
    public static let adminID = UUID(uuidString: "00000000-0000-4000-8000-00000000AD01")!
    public static let userID = UUID(uuidString: "00000000-0000-4000-8000-00000000A5E1")!

    public static let builtinAdmin = Role(
        id: adminID, name: "admin", description: "every permission", permissions: Set(Permission.allCases), isBuiltin: true)
    public static let builtinUser = Role(
        id: userID, name: "user", description: "create and read own tasks, batches and uploads", permissions: Permission.ownWork,
        isBuiltin: true)

    public static let maxNameLength = 64

    public static func validateName(_ name: String) throws(ValidationError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= maxNameLength else {
            throw ValidationError(field: "name", "must be 1–\(maxNameLength) characters")
        }
        return trimmed
    }
}
