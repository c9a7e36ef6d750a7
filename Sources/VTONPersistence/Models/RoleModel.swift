import FluentKit
import Foundation
import VTONDomain

final class RoleModel: Model, @unchecked Sendable {
    static let schema = "roles"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    /// Permission names, comma-separated.
    @Field(key: "permissions") var permissions: String
    @OptionalField(key: "tasks_per_minute") var tasksPerMinute: Int?
    @OptionalField(key: "max_tasks_in_flight") var maxTasksInFlight: Int?
    @Field(key: "is_builtin") var isBuiltin: Bool
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ role: Role) {
        id = role.id
        apply(role)
    }

    func apply(_ role: Role) {
        name = role.name
        description = role.description
        permissions = role.permissions.sorted().map(\.rawValue).joined(separator: ",")
        tasksPerMinute = role.tasksPerMinute
        maxTasksInFlight = role.maxTasksInFlight
        isBuiltin = role.isBuiltin
        updatedAt = Date()
    }

    var domain: Role {
        Role(
            id: id!, name: name, description: description,
            permissions: Set(permissions.split(separator: ",").compactMap { Permission(rawValue: String($0)) }),
            tasksPerMinute: tasksPerMinute, maxTasksInFlight: maxTasksInFlight, isBuiltin: isBuiltin)
    }
}

final class UserRoleModel: Model, @unchecked Sendable {
    static let schema = "user_roles"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role_id") var roleID: UUID

    init() {}

    init(userID: UUID, roleID: UUID) {
        id = UUID()
        self.userID = userID
        self.roleID = roleID
    }
}
