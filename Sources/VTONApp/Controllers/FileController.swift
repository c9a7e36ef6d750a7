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
        // A thumbnail is usually made in the background already; any other variant is made here once.
        let content: Data?
        if let variant {
            content = try await blobs.variant(variant.name, of: file.sha256) { try await variant.render($0) }
        } else {
            content = try await blobs.get(file.sha256)
        }
        guard let data = content else { throw APIError.notFound("file content") }
        headers[.contentType] = variant?.encoding.mimeType ?? file.mimeType
        if let range = request.headers[.range], let (start, end) = Self.byteRange(range, length: data.count) {
            headers[.contentRange] = "bytes \(start)-\(end)/\(data.count)"
            return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data[start...end])))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
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

    /// A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range within the content.
    static func byteRange(_ header: String, length: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes="), !header.contains(","), length > 0 else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        if spec[0].isEmpty, let suffix = Int(spec[1]), suffix > 0 { return (max(length - suffix, 0), length - 1) }
        guard let start = Int(spec[0]), start < length else { return nil }
        let end = spec[1].isEmpty ? length - 1 : min(Int(spec[1]) ?? length - 1, length - 1)
        return end >= start ? (start, end) : nil
    }
}
