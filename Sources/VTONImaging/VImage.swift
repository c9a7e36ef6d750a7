import CVipsShim
import Foundation

/// Owns the bytes a libvips image was opened from: libvips reads them lazily, so they
/// must outlive every image derived from them.
final class SourceBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(_ data: Data) {
        count = data.count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        data.copyBytes(to: pointer.assumingMemoryBound(to: UInt8.self), count: count)
    }

    deinit { pointer.deallocate() }
}

/// A libvips image. Operations return new images and keep their inputs alive, since
/// libvips evaluates pipelines only when an image is finally written.
public final class VImage: @unchecked Sendable {
    let pointer: OpaquePointer
    private let keepAlive: [AnyObject]

    init(_ pointer: OpaquePointer, keepAlive: [AnyObject]) {
        self.pointer = pointer
        self.keepAlive = keepAlive
    }

    deinit { cvips_unref(pointer) }

    public var width: Int { Int(cvips_width(pointer)) }
    public var height: Int { Int(cvips_height(pointer)) }
    public var bands: Int { Int(cvips_bands(pointer)) }
    public var hasAlpha: Bool { cvips_has_alpha(pointer) != 0 }
    public var orientation: Int { Int(cvips_orientation(pointer)) }

    /// Opens an image from memory reading only its header; pixels are decoded on demand.
    public static func open(_ data: Data) throws(ImagingError) -> VImage {
        try VipsRuntime.ensureStarted()
        let source = SourceBuffer(data)
        guard let image = cvips_header_from_buffer(source.pointer, source.count) else {
            _ = VipsRuntime.takeError()
            throw .notAnImage
        }
        return VImage(image, keepAlive: [source])
    }

    /// A solid sRGB image.
    public static func solid(width: Int, height: Int, red: Double, green: Double, blue: Double) throws(ImagingError) -> VImage {
        let black = try make([]) { cvips_black($0, Int32(width), Int32(height), 3) }
        var scale: [Double] = [1, 1, 1]
        var offset = [red, green, blue]
        let coloured = try black.derive { cvips_linear(black.pointer, $0, &scale, &offset, 3) }
        return try coloured.derive { cvips_cast_uchar(coloured.pointer, $0) }
    }

    public func autorotated() throws(ImagingError) -> VImage { try derive { cvips_autorot(pointer, $0) } }

    /// Scaled to fit inside the box, keeping its shape; only shrinks unless `upscale`.
    public func fitted(width: Int, height: Int, upscale: Bool = false) throws(ImagingError) -> VImage {
        try derive { cvips_thumbnail_image(pointer, $0, Int32(width), Int32(height), upscale ? 1 : 0) }
    }

    /// Three-band 8-bit sRGB, transparency flattened onto white.
    public func opaqueRGB() throws(ImagingError) -> VImage {
        var image = try derive { cvips_colourspace_srgb(pointer, $0) }
        if image.hasAlpha {
            let withAlpha = image
            image = try withAlpha.derive { cvips_flatten_white(withAlpha.pointer, $0) }
        }
        if image.bands > 3 {
            let wide = image
            image = try wide.derive { cvips_extract_band(wide.pointer, $0, 0, 3) }
        }
        let rgb = image
        return try rgb.derive { cvips_cast_uchar(rgb.pointer, $0) }
    }

    /// This image with `other` placed at (x, y); parts outside are clipped.
    public func inserting(_ other: VImage, x: Int, y: Int) throws(ImagingError) -> VImage {
        try derive(also: [other]) { cvips_insert(pointer, other.pointer, $0, Int32(x), Int32(y)) }
    }

    /// Places this image at (x, y) on a black canvas of the given size.
    public func embedded(x: Int, y: Int, width: Int, height: Int) throws(ImagingError) -> VImage {
        try derive { cvips_embed(pointer, $0, Int32(x), Int32(y), Int32(width), Int32(height)) }
    }

    /// Where `mask` is ink, `ink` shows through, smoothly blended at the mask's edges.
    public func painted(_ ink: VImage, through mask: VImage) throws(ImagingError) -> VImage {
        try derive(also: [ink, mask]) { cvips_ifthenelse_blend(mask.pointer, ink.pointer, pointer, $0) }
    }

    /// Draws a filled rectangle on a private in-memory copy.
    public func withRectangle(x: Int, y: Int, width: Int, height: Int, red: Double, green: Double, blue: Double) throws(ImagingError) -> VImage {
        let copy = try derive { cvips_copy_memory(pointer, $0) }
        var ink = [red, green, blue]
        guard cvips_draw_rect(copy.pointer, &ink, 3, Int32(x), Int32(y), Int32(width), Int32(height)) == 0 else {
            throw .library(VipsRuntime.takeError())
        }
        return copy
    }

    /// Runs an operation that writes a new image, keeping this one (and `also`) alive for it.
    func derive(also: [VImage] = [], _ operation: (UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws(ImagingError) -> VImage {
        try Self.make([self] + also, operation)
    }

    /// Every new image but an opened one comes through here, so libvips is loaded before any
    /// call into it.
    static func make(
        _ inputs: [AnyObject], _ operation: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws(ImagingError) -> VImage {
        try VipsRuntime.ensureStarted()
        var output: OpaquePointer?
        guard operation(&output) == 0, let output else { throw .library(VipsRuntime.takeError()) }
        return VImage(output, keepAlive: inputs)
    }
}
