import Foundation

public struct ImageInfo: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    public let hasAlpha: Bool
    /// Bands as decoded: 4 without alpha means CMYK.
    public let bands: Int
    /// EXIF orientation, 1 (or 0, none) when the pixels are stored upright.
    public let orientation: Int

    public var mimeType: String { format.mimeType }
}

public struct ImageLimits: Sendable {
    public var maxWidth: Int
    public var maxHeight: Int
    public var maxPixels: Int

    public init(maxWidth: Int = 12_000, maxHeight: Int = 12_000, maxPixels: Int = 50_000_000) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
    }
}

/// Proves bytes are an accepted image and reads its size from the header alone, so a
/// decompression bomb is refused before any pixel is decoded.
public enum ImageInspector {
    public static func inspect(_ data: Data, limits: ImageLimits = .init()) throws(ImagingError) -> ImageInfo {
        guard let format = ImageFormat.sniff(data) else { throw .notAnImage }
        let image = try VImage.open(data)
        let info = ImageInfo(
            format: format, width: image.width, height: image.height, hasAlpha: image.hasAlpha, bands: image.bands,
            orientation: image.orientation)
        guard info.width <= limits.maxWidth, info.height <= limits.maxHeight, info.width * info.height <= limits.maxPixels else {
            throw .tooManyPixels(
                width: info.width, height: info.height,
                limit: "\(limits.maxWidth)×\(limits.maxHeight) and \(limits.maxPixels / 1_000_000) megapixels")
        }
        return info
    }
}
