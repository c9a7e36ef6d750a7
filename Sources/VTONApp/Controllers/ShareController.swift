import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// Share links (issue 19): a task's owner makes (with an expiry), lists and revokes links to its
/// results; `GET /api/v1/shared/{token}` shows them to anyone holding a link that is still active.
struct ShareController {
    let shares: ShareLinkRepository
    let tasks: any TaskRepository
    let signer: URLSigner

    static let tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("images/tasks/{task_id}/shares", use: create)
        api.get("images/tasks/{task_id}/shares", use: list)
        api.delete("images/tasks/{task_id}/shares/{share_id}", use: revoke)
        api.get("shared/{token}", use: shared)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ShareLinkDTO> {
        let task = try await ownedTask(context)
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let body =
            buffer.readableBytes == 0
            ? CreateShareDTO(expiresInSeconds: nil) : try JSONRequestDecoder.decode(CreateShareDTO.self, from: Data(buffer.readableBytesView))
        let lifetime: Int
        do { lifetime = try ShareLink.lifetime(body.expiresInSeconds) } catch { throw APIError.validation(error) }
        guard Self.shareable(task) else {
            throw APIError(.conflict, code: "NOTHING_TO_SHARE", "only a task that succeeded and still has its images can be shared")
        }
        let now = Date()
        let link = ShareLink(
            taskID: task.id, userID: task.userID, token: CryptoText.random(length: 32, alphabet: Self.tokenAlphabet), createdAt: now,
            expiresAt: now.addingTimeInterval(Double(lifetime)))
        do { try await shares.create(link) } catch is ShareLinkCapReached {
            throw APIError(
                .conflict, code: "TOO_MANY_SHARES", "a task has at most \(ShareLink.maxActivePerTask) active share links; revoke one first")
        }
        return EditedResponse(status: .created, response: ShareLinkDTO(link, now: now))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ShareLinkListDTO {
        let task = try await ownedTask(context)
        let now = Date()
        return ShareLinkListDTO(shares: try await shares.list(taskID: task.id).map { ShareLinkDTO($0, now: now) })
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> ShareLinkDTO {
        let task = try await ownedTask(context)
        guard let id = context.parameters.get("share_id").flatMap(UUID.init(uuidString:)),
            let link = try await shares.revoke(id: id, taskID: task.id, at: Date())
        else { throw APIError.notFound("share link") }
        return ShareLinkDTO(link)
    }

    /// No login: the link's token is the authority. A link that never existed, or whose task is
    /// gone, is 404; one that expired or was revoked is 410, so a viewer learns it ended.
    @Sendable func shared(_ request: Request, context: AppRequestContext) async throws -> SharedTaskDTO {
        let now = Date()
        guard let token = context.parameters.get("token"), let link = try await shares.find(token: token),
            let task = try await tasks.find(id: link.taskID, userID: link.userID)
        else { throw APIError.notFound("share link") }
        switch link.state(at: now) {
        case .revoked: throw APIError(.gone, code: "SHARE_REVOKED", "this share link was revoked by its owner")
        case .expired: throw APIError(.gone, code: "SHARE_EXPIRED", "this share link has expired")
        case .active: break
        }
        guard Self.shareable(task), let result = task.result else {
            throw APIError(.gone, code: "SHARE_EXPIRED", "the shared images are no longer kept")
        }
        return SharedTaskDTO(
            taskType: task.type.rawValue, prompt: task.prompt, tryonCategory: task.tryOnCategory?.rawValue,
            images: result.images.map { ResultImageDTO($0, signer: signer) }, finishedAt: task.finishedAt, expiresAt: link.expiresAt)
    }

    static func shareable(_ task: ImageTask) -> Bool {
        task.status == .succeeded && !(task.result?.images.isEmpty ?? true) && task.result?.expired != true
    }

    private func ownedTask(_ context: AppRequestContext) async throws -> ImageTask {
        let user = try context.requireIdentity().user
        guard let id = context.parameters.get("task_id").flatMap(UUID.init(uuidString:)), let task = try await tasks.find(id: id, userID: user.id)
        else { throw APIError.notFound("task") }
        return task
    }
}
