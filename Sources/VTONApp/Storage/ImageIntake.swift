import Foundation
import VTONDomain
import VTONImaging
import VTONPersistence

/// Accepts bytes that claim to be an image: proves it from the bytes, stores them once by
/// content and records the caller's handle on them.
public struct ImageIntake: Sendable {
    let blobs: any BlobStore
    let files: any FileRepository
    let maxBytes: Int
    let limits: ImageLimits

    func store(_ data: Data, ownerID: UUID, kind: StoredFileKind, field: String?) async throws -> StoredFile {
        guard data.count <= maxBytes else {
            throw APIError(.contentTooLarge, code: "TOO_LARGE", "image is \(data.count) bytes; the limit is \(maxBytes)", field: field)
        }
        let info: ImageInfo
        do { info = try ImageInspector.inspect(data, limits: limits) } catch .notAnImage {
            throw APIError(.unsupportedMediaType, code: "NOT_AN_IMAGE", "not a JPEG, PNG, WebP, HEIC/HEIF or GIF image", field: field)
        } catch .tooManyPixels {
            throw APIError(.contentTooLarge, code: "TOO_MANY_PIXELS", "image dimensions exceed the limit", field: field)
        } catch {
            throw APIError(.unprocessableContent, code: "UNREADABLE_IMAGE", "image could not be read: \(error)", field: field)
        }
        let digest = try await blobs.put(data)
        let file = StoredFile(
            ownerID: ownerID, kind: kind, sha256: digest, mimeType: info.mimeType, width: info.width, height: info.height, bytes: data.count)
        try await files.create(file)
        return file
    }
}
