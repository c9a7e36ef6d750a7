import Foundation
import Hummingbird

/// `POST /api/v1/uploads`: one image as multipart field `file` (API.md §2.2).
struct UploadController {
    let intake: ImageIntake
    let signer: URLSigner

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: upload)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UploadDTO> {
        let user = try context.requireIdentity().user
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(fromContentType: contentType) else {
            throw APIError(.unsupportedMediaType, code: "NOT_MULTIPART", "send the image as multipart/form-data with a field named file")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: context.maxBodyBytes) } catch {
            throw BodyLimitMiddleware.tooLarge(limit: context.maxBodyBytes, field: "file")
        }
        guard let form = MultipartForm(body: Data(body.readableBytesView), boundary: boundary) else {
            throw APIError(.badRequest, code: "BAD_MULTIPART", "the multipart body could not be parsed")
        }
        guard let part = form.parts.first(where: { $0.name == "file" }) else {
            throw APIError.validation(.init(field: "file", "no field named file in the form"))
        }
        let file = try await intake.store(part.body, ownerID: user.id, kind: .upload, field: "file")
        return EditedResponse(status: .created, response: UploadDTO(file, signer: signer))
    }
}
