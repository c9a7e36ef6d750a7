import Hummingbird
import VTONPersistence

/// `/api/v1/base/…`: login, the caller's profile and password change (API.md §1).
struct AuthController {
    let accounts: AccountService

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("access_token", use: login)
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("userinfo", use: userInfo)
        group.post("update_password", use: updatePassword)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> EnvelopeDTO<AccessTokenDTO> {
        let body = try await request.decode(as: LoginRequestDTO.self, context: context)
        let (user, issued) = try await accounts.login(username: body.username, password: body.password)
        return EnvelopeDTO(
            code: 200, msg: "OK",
            data: AccessTokenDTO(accessToken: issued.token, username: user.username, tokenType: "bearer", expiresAt: issued.expiresAt))
    }

    @Sendable func userInfo(_ request: Request, context: AppRequestContext) async throws -> UserInfoDTO {
        let user = try context.requireIdentity().user
        return UserInfoDTO(
            id: user.id, username: user.username, email: user.email, isSuperuser: user.isSuperuser, isActive: user.isActive,
            roles: user.isSuperuser ? ["admin"] : ["user"],
            permissions: user.isSuperuser ? ["*"] : ["images:create", "images:read", "uploads:create", "files:read"])
    }

    @Sendable func updatePassword(_ request: Request, context: AppRequestContext) async throws -> MessageDTO {
        let user = try context.requireIdentity().user
        let body = try await request.decode(as: UpdatePasswordDTO.self, context: context)
        try await accounts.changePassword(user: user, old: body.oldPassword, new: body.newPassword)
        return MessageDTO(detail: "password changed; sign in again")
    }
}
