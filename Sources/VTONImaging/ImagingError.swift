public enum ImagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not one of the accepted image formats.
    case notAnImage
    /// Width, height or pixel count beyond the configured limits.
    case tooManyPixels(width: Int, height: Int, limit: String)
    case library(String)

    public var description: String {
        switch self {
        case .notAnImage: "not a JPEG, PNG, WebP, HEIC/HEIF or GIF image"
        case .tooManyPixels(let width, let height, let limit): "image is \(width)×\(height), over the limit of \(limit)"
        case .library(let message): message
        }
    }
}
