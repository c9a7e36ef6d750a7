import CVipsShim
import Foundation

/// An image as VTON Lab keeps and sends it.
public struct NormalisedImage: Sendable {
    public let data: Data
    public let mimeType: String
    public let width: Int
    public let height: Int
}

/// Makes a received image safe and right-sized: upright (EXIF orientation applied), no
/// metadata (GPS above all), no larger than the model needs, and PNG only where transparency
/// must survive. A JPEG, or a transparent PNG, that is already upright and small enough keeps
/// its own encoding and loses only its metadata.
public struct ImageNormaliser: Sendable {
    public var maxSide: Int
    public var jpegQuality: Int

    public init(maxSide: Int = 2048, jpegQuality: Int = 90) {
        self.maxSide = maxSide
        self.jpegQuality = jpegQuality
    }

    public func normalise(_ data: Data, info: ImageInfo) throws(ImagingError) -> NormalisedImage {
        if let kept = keptAsGiven(data, info: info) { return kept }
        let source = SourceBuffer(data)
        let image = try VImage.make([source]) { cvips_thumbnail_buffer(source.pointer, source.count, $0, Int32(maxSide), Int32(maxSide)) }
        let encoding: VImage.Encoding = info.hasAlpha || image.hasAlpha ? .png(compression: 6) : .jpeg(quality: jpegQuality)
        let output = info.hasAlpha || image.hasAlpha ? image : try image.opaqueRGB()
        return NormalisedImage(data: try output.encoded(encoding), mimeType: encoding.mimeType, width: output.width, height: output.height)
    }

    private func keptAsGiven(_ data: Data, info: ImageInfo) -> NormalisedImage? {
        guard info.orientation <= 1, max(info.width, info.height) <= maxSide else { return nil }
        let stripped: Data?
        switch info.format {
        case .jpeg where info.bands != 4: stripped = MetadataStripper.jpeg(data)
        case .png where info.hasAlpha: stripped = MetadataStripper.png(data)
        default: return nil
        }
        // Still the same image to libvips, or re-encode after all.
        guard let stripped, let check = try? VImage.open(stripped), check.width == info.width, check.height == info.height else { return nil }
        return NormalisedImage(data: stripped, mimeType: info.mimeType, width: info.width, height: info.height)
    }
}

extension VImage {
    /// Where the image is not (near) white: a one-band mask for cutting a garment off its background.
    public func nonWhiteMask(threshold: Double = 235) throws(ImagingError) -> VImage {
        try derive { cvips_nonwhite_mask(pointer, $0, threshold) }
    }

    /// The alpha band as a one-band mask.
    public func alphaMask() throws(ImagingError) -> VImage {
        let band = Int32(bands - 1)
        return try derive { cvips_extract_band(pointer, $0, band, 1) }
    }

    /// The decoded pixels, band-interleaved, 8 bits per band.
    public func pixels() throws(ImagingError) -> [UInt8] {
        let rgb = try opaqueRGB()
        var length = 0
        guard let memory = cvips_write_to_memory(rgb.pointer, &length) else { throw .library(VipsRuntime.takeError()) }
        defer { cvips_free(memory) }
        return Array(UnsafeRawBufferPointer(start: memory, count: length))
    }
}
