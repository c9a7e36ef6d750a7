import CVipsShim
import Foundation

extension VImage {
    public enum Encoding: Sendable {
        case png(compression: Int)
        case jpeg(quality: Int)
        case webp(quality: Int)

        public var mimeType: String {
            switch self {
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .webp: "image/webp"
            }
        }
    }

    /// Evaluates the pipeline and encodes it, without any metadata (EXIF, GPS, XMP).
    public func encoded(_ encoding: Encoding) throws(ImagingError) -> Data {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        let status: Int32 =
            switch encoding {
            case .png(let compression): cvips_pngsave(pointer, &buffer, &length, Int32(compression))
            case .jpeg(let quality): cvips_jpegsave(pointer, &buffer, &length, Int32(quality))
            case .webp(let quality): cvips_webpsave(pointer, &buffer, &length, Int32(quality))
            }
        guard status == 0, let buffer else { throw .library(VipsRuntime.takeError()) }
        defer { cvips_free(buffer) }
        return Data(bytes: buffer, count: length)
    }
}
