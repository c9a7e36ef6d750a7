import Foundation
import VTONDomain
import VTONImaging
import VTONPersistence

/// Accepts bytes that claim to be an image: proves it from the bytes (header first, so a
/// decompression bomb is refused before decoding), normalises it, stores it once by content
/// and records the caller's handle on it.
public struct ImageIntake: Sendable {
    let blobs: any BlobStore
    let files: any FileRepository
    let maxBytes: Int
    let limits: ImageLimits
    let normaliser: ImageNormaliser
    let thumbnails: ThumbnailService

    func store(_ data: Data, ownerID: UUID, kind: StoredFileKind, field: String?) async throws -> StoredFile {
        guard data.count <= maxBytes else {
            throw APIError(.contentTooLarge, code: "TOO_LARGE", "image is \(data.count) bytes; the limit is \(maxBytes)", field: field)
        }
        let (limits, normaliser) = (self.limits, self.normaliser)
        let info: ImageInfo
        do { info = try await VipsRuntime.run { try ImageInspector.inspect(data, limits: limits) } } catch ImagingError.notAnImage {
            throw APIError(.unsupportedMediaType, code: "NOT_AN_IMAGE", "not a JPEG, PNG, WebP, HEIC/HEIF or GIF image", field: field)
        } catch ImagingError.tooManyPixels {
            throw APIError(.contentTooLarge, code: "TOO_MANY_PIXELS", "image dimensions exceed the limit", field: field)
        } catch {
            throw APIError(.unprocessableContent, code: "UNREADABLE_IMAGE", "image could not be read: \(error)", field: field)
        }
        // What is stored, and later sent to the provider, is the upright, stripped, right-sized image.
        let image = try await VipsRuntime.run { try normaliser.normalise(data, info: info) }
        let digest = try await blobs.put(image.data)
        let file = StoredFile(
            ownerID: ownerID, kind: kind, sha256: digest, mimeType: image.mimeType, width: image.width, height: image.height, bytes: image.data.count)
        try await files.create(file)
        thumbnails.schedule(digest)
        return file
    }
}
