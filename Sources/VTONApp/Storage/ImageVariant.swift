import Foundation
import VTONDomain
import VTONImaging

/// A derived form of a stored image (API.md §4): its thumbnail (WebP, longest side 384,
/// unless another format is asked for), another format, or both. Each is made once and kept
/// next to its original under `name`.
struct ImageVariant: Sendable, Equatable {
    enum Format: String, Sendable {
        case jpeg, webp, png
    }

    let thumbnail: Bool
    let format: Format?

    static let thumbnailSide = 384
    static let thumbnail = ImageVariant(thumbnail: true, format: nil)

    /// The variant a file request asks for with `?size=thumb` and `?format=`, or nil for the
    /// original, which is also what a full-size request in the stored format gets.
    static func requested(size: String?, format raw: String?, storedMimeType: String) throws(ValidationError) -> ImageVariant? {
        let format: Format?
        switch raw {
        case nil, "": format = nil
        case "jpg": format = .jpeg
        case let name?:
            guard let known = Format(rawValue: name) else { throw ValidationError(field: "format", "\"\(name)\" is not one of jpeg webp png") }
            format = known
        }
        let thumbnail = size == "thumb"
        let variant = ImageVariant(thumbnail: thumbnail, format: format)
        guard thumbnail || (format != nil && variant.encoding.mimeType != storedMimeType) else { return nil }
        return variant
    }

    var name: String { ((thumbnail ? ["thumb"] : []) + (format.map { [$0.rawValue] } ?? [])).joined(separator: ".") }

    var encoding: VImage.Encoding {
        switch format {
        case nil: .webp(quality: 80)
        case .jpeg: .jpeg(quality: 90)
        case .webp: .webp(quality: 85)
        case .png: .png(compression: 6)
        }
    }

    func render(_ original: Data) async throws -> Data {
        let (thumbnail, encoding) = (self.thumbnail, self.encoding)
        return try await VipsRuntime.run {
            var image = try VImage.open(original).autorotated()
            if thumbnail { image = try image.fitted(width: Self.thumbnailSide, height: Self.thumbnailSide) }
            if case .jpeg = encoding { image = try image.opaqueRGB() }
            return try image.encoded(encoding)
        }
    }
}
