import FluentKit
import Foundation
import VTONDomain

/// Roles, created with the built-in `admin` and `user`.
struct CreateRoles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("roles")
            .id()
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("permissions", .string, .required)
            .field("tasks_per_minute", .int)
            .field("max_tasks_in_flight", .int)
            .field("is_builtin", .bool, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()
        for role in [Role.builtinAdmin, Role.builtinUser] { try await RoleModel(role).create(on: database) }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("roles").delete()
    }
}
