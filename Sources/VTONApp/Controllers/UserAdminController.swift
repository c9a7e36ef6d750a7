import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/user/…` (API.md §6), in the shapes of the seed system's admin screens.
struct UserAdminController {
    let directory: UserDirectory
    let users: any UserRepository
    let roles: RoleCatalogue

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("list", use: list)
        group.get("get", use: get)
        group.post("create", use: create)
        group.post("update", use: update)
        group.delete("delete", use: delete)
        group.post("reset_password", use: resetPassword)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PagedDTO<UserDTO> {
        let query = request.uri.queryParameters
        let (page, size) = try QueryFields.page(query)
        let found = try await users.list(UserSearch(username: query.get("username"), email: query.get("email"), page: page, pageSize: size))
        let allRoles = try await roles.all()
        return PagedDTO(data: found.users.map { UserDTO($0, roles: allRoles) }, total: found.total, page: page, pageSize: size)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> UserDTO {
        let id = try QueryFields.uuid(request.uri.queryParameters.get("user_id"), field: "user_id")
        guard let user = try await users.find(id: id) else { throw APIError.notFound("user") }
        return UserDTO(user, roles: try await roles.all())
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UserDTO> {
        let actor = try context.requireIdentity()
        let body = try await request.decode(as: UserCreateDTO.self, context: context)
        let user = try await directory.create(
            NewAccount(
                username: body.username, email: body.email, password: body.password, isActive: body.isActive ?? true,
                isSuperuser: body.isSuperuser ?? false, roleIDs: body.roleIds ?? [Role.userID]),
            actor: actor)
        return EditedResponse(status: .created, response: UserDTO(user, roles: try await roles.all()))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> UserDTO {
        let actor = try context.requireIdentity()
        let body = try await request.decode(as: UserUpdateDTO.self, context: context)
        let user = try await directory.update(id: body.id, body.changes, actor: actor)
        return UserDTO(user, roles: try await roles.all())
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> MessageDTO {
        let id = try QueryFields.uuid(request.uri.queryParameters.get("user_id"), field: "user_id")
        try await directory.delete(id: id, actor: try context.requireIdentity())
        return MessageDTO(detail: "user deleted; their sessions are revoked")
    }

    @Sendable func resetPassword(_ request: Request, context: AppRequestContext) async throws -> PasswordResetDTO {
        let body = try await request.decode(as: ResetPasswordDTO.self, context: context)
        let generated = try await directory.resetPassword(id: body.userId, to: body.newPassword, actor: try context.requireIdentity())
        return PasswordResetDTO(detail: "password reset; the user's sessions are revoked", newPassword: generated)
    }
}
