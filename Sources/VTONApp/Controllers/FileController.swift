import Foundation
import HTTPTypes
import Hummingbird
import VTONDomain
import VTONImaging
import VTONPersistence

/// `GET /api/v1/files/{id}`: stored images for their owner or an admin, or for anyone holding
/// a valid signed URL (API.md §4). `?size=thumb` gives a WebP thumbnail, longest side 384;
/// `?format=jpeg|webp|png` converts.
struct FileController {
    let files: any FileRepository
    let blobs: any BlobStore
    let signer: URLSigner
    let authenticator: Authenticator
    static let thumbnailSide = 384

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("{file_id}", use: download)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("file_id").flatMap(UUID.init(uuidString:)), let file = try await files.find(id: id) else {
            throw APIError.notFound("file")
        }
        try await authorize(request, fileID: id, ownerID: file.ownerID)
        let thumbnail = request.uri.queryParameters.get("size") == "thumb"
        let format = try Self.format(request.uri.queryParameters.get("format"))
        let variant = (thumbnail ? ["thumb"] : []) + (format.map { [$0.name] } ?? [])
        let etag = "\"\(file.sha256.prefix(32))\(variant.isEmpty ? "" : "-" + variant.joined(separator: "-"))\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, max-age=3600", .acceptRanges: "bytes"]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        guard let original = try await blobs.get(file.sha256) else { throw APIError.notFound("file content") }
        var data = original
        var mimeType = file.mimeType
        if thumbnail || format != nil {
            // Thumbnails are WebP unless another format is asked for; every variant is made once and cached.
            let encoding = format?.encoding ?? .webp(quality: 80)
            let side = thumbnail ? Self.thumbnailSide : nil
            data = try await blobs.variant(of: file.sha256, named: variant.joined(separator: ".")) {
                try VipsRuntime.exclusive {
                    var image = try VImage.open(original).autorotated()
                    if let side { image = try image.fitted(width: side, height: side) }
                    if case .jpeg = encoding { image = try image.opaqueRGB() }
                    return try image.encoded(encoding)
                }
            }
            mimeType = encoding.mimeType
        }
        headers[.contentType] = mimeType
        if let range = request.headers[.range], let (start, end) = Self.byteRange(range, length: data.count) {
            headers[.contentRange] = "bytes \(start)-\(end)/\(data.count)"
            return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data[start...end])))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func format(_ raw: String?) throws -> (name: String, encoding: VImage.Encoding)? {
        switch raw {
        case nil, "": nil
        case "jpeg", "jpg": ("jpeg", .jpeg(quality: 90))
        case "webp": ("webp", .webp(quality: 85))
        case "png": ("png", .png(compression: 6))
        case let other?: throw APIError.validation(ValidationError(field: "format", "\"\(other)\" is not one of jpeg webp png"))
        }
    }

    private func authorize(_ request: Request, fileID: UUID, ownerID: UUID) async throws {
        let query = request.uri.queryParameters
        if let expires = query.get("exp").flatMap(Int.init), let signature = query.get("sig") {
            guard signer.isValid(fileID: fileID, expires: expires, signature: signature) else {
                throw APIError(.forbidden, code: "BAD_SIGNATURE", "the link has expired or is not valid")
            }
            return
        }
        guard let token = IdentifyMiddleware.token(in: request), let identity = try await authenticator.identify(token: token) else {
            throw APIError.unauthorized
        }
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
