import Foundation
import HTTPTypes
import Hummingbird
import VTONDomain
import VTONPersistence

/// `GET /api/v1/files/{id}`: stored images for their owner or an admin, or for anyone holding
/// a valid signed URL (API.md §4). `?size=thumb` gives a WebP thumbnail, longest side 384;
/// `?format=jpeg|webp|png` converts.
struct FileController {
    let files: any FileRepository
    let blobs: any BlobStore
    let signer: URLSigner

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("{file_id}", use: download)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("file_id").flatMap(UUID.init(uuidString:)), let file = try await files.find(id: id) else {
            throw APIError.notFound("file")
        }
        try authorize(request, caller: context.identity, fileID: id, ownerID: file.ownerID)
        let variant: ImageVariant?
        do {
            variant = try ImageVariant.requested(
                size: request.uri.queryParameters.get("size"), format: request.uri.queryParameters.get("format"), storedMimeType: file.mimeType)
        } catch {
            throw APIError.validation(error)
        }
        let etag = "\"\(file.sha256.prefix(32))\(variant.map { "-" + $0.name.replacingOccurrences(of: ".", with: "-") } ?? "")\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, max-age=3600", .acceptRanges: "bytes"]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = variant?.encoding.mimeType ?? file.mimeType
        if variant == nil, request.headers[.range] == nil {
            // The original, whole, passed on as the store yields it.
            guard let body = try await blobs.open(file.sha256) else { throw APIError.notFound("file content") }
            return Response(status: .ok, headers: headers, body: body)
        }
        // A thumbnail is usually made in the background already; any other variant is made here once.
        let content: Data?
        if let variant {
            content = try await blobs.variant(variant.name, of: file.sha256) { try await variant.render($0) }
        } else {
            content = try await blobs.get(file.sha256)
        }
        guard let data = content else { throw APIError.notFound("file content") }
        switch RangeRequest(header: request.headers[.range], length: data.count) {
        case .whole:
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .part(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(data.count)"
            return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data[range])))
        case .unsatisfiable:
            var refusal = APIError(.rangeNotSatisfiable, code: "RANGE_NOT_SATISFIABLE", "the range lies outside the \(data.count) bytes of the file")
            refusal.headers[.contentRange] = "bytes */\(data.count)"
            throw refusal
        }
    }

    /// A valid signed link, or the owner (or a superuser) identified by `IdentifyMiddleware`.
    private func authorize(_ request: Request, caller: Identity?, fileID: UUID, ownerID: UUID) throws {
        let query = request.uri.queryParameters
        if let expires = query.get("exp").flatMap(Int.init), let signature = query.get("sig") {
            guard signer.isValid(fileID: fileID, expires: expires, signature: signature) else {
                throw APIError(.forbidden, code: "BAD_SIGNATURE", "the link has expired or is not valid")
            }
            return
        }
        guard let identity = caller else { throw APIError.unauthorized }
        guard identity.user.id == ownerID || identity.user.isSuperuser else { throw APIError.notFound("file") }
    }
}
