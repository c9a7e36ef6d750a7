import CVipsShim
import Foundation

/// Every character the process has drawn, rendered once with `vips_text` at one fixed font
/// and resolution and kept. Text is then composed from these glyphs without pango, so the
/// crash of pango's font caches under vips_text's fitting mode (libvips#3660) cannot happen:
/// pango runs once per new character, never per image, and always at the same resolution.
final class GlyphAtlas: @unchecked Sendable {
    static let shared = GlyphAtlas()

    /// Beyond this many characters new ones are drawn as an empty box (the way fonts show a
    /// missing glyph), so a stream of unusual characters cannot grow memory without bound.
    static let capacity = 8192

    private init() {
        // `shared` is created once, on one thread, however many callers race to it.
        if (try? VipsRuntime.ensureStarted()) != nil { cvips_start_text() }
    }

    private let lock = NSLock()
    private var cache: [Character: Glyph] = [:]
    /// Top and height of the ink band every line reserves, from tall capitals to descenders.
    private(set) lazy var line: (top: Int, height: Int) = measureLine()

    /// The glyphs of every character of `text`, rendering those not seen before.
    func glyphs(for text: String) throws(ImagingError) -> [Character: Glyph] {
        try VipsRuntime.ensureStarted()
        lock.lock()
        defer { lock.unlock() }
        let lineTop = line.top
        var found: [Character: Glyph] = [:]
        for character in Set(text) {
            if let glyph = cache[character] {
                found[character] = glyph
                continue
            }
            let glyph = cache.count < Self.capacity ? render(character, lineTop: lineTop) : missing()
            if cache.count < Self.capacity { cache[character] = glyph }
            found[character] = glyph
        }
        return found
    }

    var lineHeight: Int {
        lock.lock()
        defer { lock.unlock() }
        return line.height
    }

    private func render(_ character: Character, lineTop: Int) -> Glyph {
        if character.isNewline { return .blank(advance: 0) }
        if character.isWhitespace { return .blank(advance: line.height / 4) }
        guard let image = Self.renderInk(String(character)) else { return missing() }
        let left = max(Int(cvips_xoffset(image.pointer)), 0)
        // Only the ink is known, not the font's advance: take the right bearing to mirror the
        // left one, with a minimum gap so glyphs never touch.
        let advance = left + image.width + max(left, line.height / 24, 1)
        return Glyph(left: left, top: Int(cvips_yoffset(image.pointer)) - lineTop, advance: advance, ink: image.coverage)
    }

    /// A hollow box a little narrower than a capital.
    private func missing() -> Glyph {
        let width = line.height * 5 / 12
        let height = line.height * 3 / 4
        let stroke = max(line.height / 16, 1)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width where x < stroke || y < stroke || x >= width - stroke || y >= height - stroke {
                pixels[y * width + x] = 255
            }
        }
        let gap = max(line.height / 24, 1)
        return Glyph(
            left: gap, top: line.height - height - line.height / 8, advance: width + 3 * gap,
            ink: CoverageBitmap(width: width, height: height, pixels: pixels))
    }

    private func measureLine() -> (top: Int, height: Int) {
        // Accented capitals reach highest, descenders lowest; the band covers both.
        guard let probe = Self.renderInk("ÅÉ|gjpqy") else { return (0, 64) }
        let top = Int(cvips_yoffset(probe.pointer))
        return (top, probe.height + max(probe.height / 10, 1))
    }

    private static func renderInk(_ text: String) -> VImage? {
        let markup = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        do {
            return try VImage.make([]) { out in markup.withCString { cvips_glyph(out, $0) } }
        } catch {
            return nil
        }
    }
}

extension VImage {
    /// The first band's pixels as a coverage bitmap.
    var coverage: CoverageBitmap {
        var length = 0
        guard let memory = cvips_write_to_memory(pointer, &length) else {
            _ = VipsRuntime.takeError()
            return CoverageBitmap(width: 0, height: 0, pixels: [])
        }
        defer { cvips_free(memory) }
        let all = UnsafeRawBufferPointer(start: memory, count: length)
        let pixels = stride(from: 0, to: length, by: max(bands, 1)).map { all[$0] }
        return CoverageBitmap(width: width, height: height, pixels: pixels)
    }
}
