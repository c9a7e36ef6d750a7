import FluentKit
import Foundation
import VTONDomain

/// Which roles each user holds; users who are not superusers start with `user`.
struct CreateUserRoles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_roles")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role_id", .uuid, .required, .references("roles", "id", onDelete: .cascade))
            .unique(on: "user_id", "role_id")
            .create()
        for userID in try await UserModel.query(on: database).filter(\.$isSuperuser == false).all(\.$id) {
            try await UserRoleModel(userID: userID, roleID: Role.userID).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_roles").delete()
    }
}
