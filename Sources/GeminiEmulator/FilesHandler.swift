import Foundation
import GeminiClient
import HTTPTypes
import Hummingbird

/// The Files API subset batches use (gemini-rest.md §6): resumable upload, get, list,
/// delete and download of generated files.
struct FilesHandler: Sendable {
    let files: FileStore
    static let granularity = 8 * 1024 * 1024

    /// `POST /upload/{version}/files`: starts an upload, or (with `upload_id`) takes its bytes.
    func upload(_ request: Request, version: String, body: Data) async throws -> Response {
        let command = request.headers[HTTPField.Name("X-Goog-Upload-Command")!]?.lowercased() ?? ""
        if let uploadID = request.uri.queryParameters.get("upload_id") {
            let offset = request.headers[HTTPField.Name("X-Goog-Upload-Offset")!].flatMap(Int.init) ?? 0
            guard command.contains("upload") || command.contains("finalize") else {
                throw ProviderError.invalidArgument("X-Goog-Upload-Command must be upload and/or finalize")
            }
            let finished = try await files.receive(
                uploadID: uploadID, offset: offset, bytes: body, finalize: command.contains("finalize")
            ) { id, upload in
                let now = Timestamp.string(Date())
                return FileResource(
                    name: "files/\(id)", displayName: upload.displayName, mimeType: upload.mimeType, sizeBytes: upload.received, createTime: now,
                    expirationTime: Timestamp.string(Date().addingTimeInterval(48 * 3600)), uri: "/\(version)/files/\(id)", downloadUri: nil,
                    state: "ACTIVE", source: "UPLOADED")
            }
            var headers: HTTPFields = [HTTPField.Name("X-Goog-Upload-Status")!: finished == nil ? "active" : "final"]
            guard let finished else { return Response(status: .ok, headers: headers) }
            headers[.contentType] = "application/json; charset=UTF-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(FileEnvelope(file: finished)))))
        }
        guard command == "start", request.headers[HTTPField.Name("X-Goog-Upload-Protocol")!] == "resumable" else {
            throw ProviderError.invalidArgument(
                "Only resumable uploads are supported: send X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start")
        }
        let metadata = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let file = metadata?["file"] as? [String: Any]
        let displayName = (file?["display_name"] ?? file?["displayName"]) as? String
        let chosenID = (file?["name"] as? String).map { $0.hasPrefix("files/") ? String($0.dropFirst(6)) : $0 }
        var mimeType = request.headers[HTTPField.Name("X-Goog-Upload-Header-Content-Type")!] ?? "application/octet-stream"
        // The guide's examples pass the bare word; the service stores a real MIME type.
        if mimeType == "jsonl" { mimeType = "application/jsonl" }
        let uploadID = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try await files.startUpload(id: uploadID, displayName: displayName, mimeType: mimeType, chosenID: chosenID)
        let host = request.head.authority ?? "127.0.0.1"
        let url = "http://\(host)/upload/\(version)/files?upload_id=\(uploadID)&upload_protocol=resumable"
        return Response(
            status: .ok,
            headers: [
                HTTPField.Name("X-Goog-Upload-Status")!: "active", HTTPField.Name("X-Goog-Upload-URL")!: url,
                HTTPField.Name("X-Goog-Upload-Control-URL")!: url, HTTPField.Name("X-Goog-Upload-Chunk-Granularity")!: String(Self.granularity),
                HTTPField.Name("X-GUploader-UploadID")!: uploadID,
            ])
    }

    func get(_ id: String) async throws -> FileResource {
        guard let file = await files.file(id) else { throw Self.missing(id) }
        return file
    }

    func delete(_ id: String) async throws -> EmptyBody {
        guard await files.delete(id) else { throw Self.missing(id) }
        return EmptyBody()
    }

    func list(pageSize: Int, pageToken: String?) async -> FileList {
        let all = await files.all
        let start = pageToken.flatMap(Int.init) ?? 0
        let page = Array(all.dropFirst(start).prefix(max(pageSize, 1)))
        return FileList(files: page, nextPageToken: start + page.count < all.count ? String(start + page.count) : nil)
    }

    /// Raw bytes of a generated file, streamed from disk; uploaded files are not downloadable.
    func download(_ id: String) async throws -> Response {
        guard let file = await files.file(id) else { throw Self.missing(id) }
        guard file.source == "GENERATED" else {
            throw ProviderError.invalidArgument("Only generated files can be downloaded.")
        }
        return try StreamedBody.file(await files.contentURL(id), contentType: file.mimeType ?? "application/octet-stream")
    }

    static func missing(_ id: String) -> ProviderError {
        ProviderError(403, "PERMISSION_DENIED", "You do not have permission to access the File \(id) or it may not exist.")
    }
}
