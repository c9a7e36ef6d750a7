import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/api-keys`: the caller's keys for programs; a key's secret is shown only on creation.
struct APIKeyController {
    let service: APIKeyService
    let keys: any APIKeyRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.delete("{key_id}", use: delete)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<APIKeyIssuedDTO> {
        let caller = try context.requireIdentity()
        guard caller.apiKeyID == nil else {
            throw APIError(.forbidden, code: "FORBIDDEN", "an API key cannot create API keys; sign in with a password")
        }
        let body = try await request.decode(as: APIKeyCreateDTO.self, context: context)
        let issued = try await service.issue(owner: caller, name: body.name, permissions: body.permissions)
        return EditedResponse(status: .created, response: APIKeyIssuedDTO(key: issued.secret, apiKey: APIKeyDTO(issued.key)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> APIKeyListDTO {
        APIKeyListDTO(keys: try await keys.list(userID: try context.requireIdentity().user.id).map(APIKeyDTO.init))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let owner = try context.requireIdentity().user
        guard let id = context.parameters.get("key_id").flatMap(UUID.init(uuidString:)), try await keys.delete(id: id, userID: owner.id) else {
            throw APIError.notFound("API key")
        }
        return Response(status: .noContent)
    }
}
