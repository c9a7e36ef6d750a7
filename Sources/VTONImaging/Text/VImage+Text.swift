import CVipsShim

extension VImage {
    /// `text` as a one-band mask (255 = ink), wrapped to `width` and at the largest size up to
    /// `maxLineHeight` (default: one and a half times the atlas size) at which it fits `height`;
    /// text that does not fit even at the smallest legible size is cut off at the bottom.
    /// The same text and box always give the same pixels.
    public static func textMask(_ text: String, width: Int, height: Int, maxLineHeight: Int? = nil) throws(ImagingError) -> VImage {
        let atlas = GlyphAtlas.shared
        let glyphs = try atlas.glyphs(for: text)
        let base = atlas.lineHeight
        let minimum = min(8, height)
        var lineHeight = max(min(height, maxLineHeight ?? base * 3 / 2), minimum)
        func layout(_ lineHeight: Int) -> TextLayout {
            let factor = Double(lineHeight) / Double(base)
            return TextLayout(text, maxWidth: Int(Double(width) / factor)) { character in
                guard let glyph = glyphs[character] else { return (0, 0) }
                return (glyph.advance, glyph.left + glyph.ink.width)
            }
        }
        var lines = layout(lineHeight)
        while lines.lines.count * lineHeight > height, lineHeight > minimum {
            lineHeight = max(min(lineHeight - 1, lineHeight * 92 / 100), minimum)
            lines = layout(lineHeight)
        }
        return try compose(lines, glyphs: glyphs, factor: Double(lineHeight) / Double(base), lineHeight: lineHeight, box: (width, height))
    }

    private static func compose(
        _ layout: TextLayout, glyphs: [Character: Glyph], factor: Double, lineHeight: Int, box: (width: Int, height: Int)
    ) throws(ImagingError) -> VImage {
        let width = max(min(box.width, Int((Double(layout.width) * factor).rounded(.up))), 1)
        let height = max(min(box.height, layout.lines.count * lineHeight), 1)
        var scaled: [Character: CoverageBitmap] = [:]
        var canvas = [UInt8](repeating: 0, count: width * height)
        for (row, line) in layout.lines.enumerated() where row * lineHeight < height {
            for placed in line {
                guard let glyph = glyphs[placed.character], glyph.ink.width > 0 else { continue }
                let ink = scaled[placed.character] ?? glyph.ink.scaled(by: factor)
                scaled[placed.character] = ink
                let originX = Int((Double(placed.x + glyph.left) * factor).rounded())
                let originY = row * lineHeight + Int((Double(glyph.top) * factor).rounded())
                let band = row * lineHeight..<min(height, (row + 1) * lineHeight)
                for y in 0..<ink.height where band.contains(originY + y) {
                    for x in 0..<ink.width where originX + x >= 0 && originX + x < width {
                        let index = (originY + y) * width + originX + x
                        canvas[index] = max(canvas[index], ink.pixels[y * ink.width + x])
                    }
                }
            }
        }
        return try make([]) { out in
            canvas.withUnsafeBytes { bytes in
                out.pointee = cvips_from_memory_uchar(bytes.baseAddress, bytes.count, Int32(width), Int32(height), 1)
                return out.pointee == nil ? -1 : 0
            }
        }
    }
}
