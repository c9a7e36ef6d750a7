import Hummingbird
import VTONPersistence

/// `/api/v1/base/…`: login, sign-up, the caller's profile and password change (API.md §1).
struct AuthController {
    let accounts: AccountService
    let users: any UserRepository
    let roles: RoleCatalogue

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("access_token", use: login)
        group.post("register", use: register)
        group.get("userinfo", use: userInfo)
        group.post("update_password", use: updatePassword)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> EnvelopeDTO<AccessTokenDTO> {
        let body = try await request.decode(as: LoginRequestDTO.self, context: context)
        let (user, issued) = try await accounts.login(username: body.username, password: body.password, clientAddress: context.clientAddress)
        return EnvelopeDTO(
            code: 200, msg: "OK",
            data: AccessTokenDTO(accessToken: issued.token, username: user.username, tokenType: "bearer", expiresAt: issued.expiresAt))
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UserDTO> {
        let body = try await request.decode(as: RegisterDTO.self, context: context)
        let user = try await accounts.register(username: body.username, email: body.email, password: body.password)
        return EditedResponse(status: .created, response: UserDTO(user, roles: try await roles.all()))
    }

    @Sendable func userInfo(_ request: Request, context: AppRequestContext) async throws -> UserInfoDTO {
        let identity = try context.requireIdentity()
        let user = try await users.stored(identity.user)
        return UserInfoDTO(
            id: user.id, username: user.username, email: user.email, isSuperuser: user.isSuperuser, isActive: user.isActive,
            roles: identity.roles.map(\.name).sorted(), permissions: identity.permissions.sorted().map(\.rawValue), credits: user.credits,
            viaApiKey: identity.apiKeyID != nil)
    }

    @Sendable func updatePassword(_ request: Request, context: AppRequestContext) async throws -> MessageDTO {
        let user = try context.requireIdentity().user
        let body = try await request.decode(as: UpdatePasswordDTO.self, context: context)
        try await accounts.changePassword(user: user, old: body.oldPassword, new: body.newPassword, clientAddress: context.clientAddress)
        return MessageDTO(detail: "password changed; sign in again")
    }
}
