/// One character as the atlas keeps it: its ink and where that ink sits, in atlas pixels.
struct Glyph: Sendable {
    /// Ink origin relative to the pen position and the line's top.
    let left: Int
    let top: Int
    /// How far the pen moves after this character.
    let advance: Int
    let ink: CoverageBitmap

    static func blank(advance: Int) -> Glyph {
        Glyph(left: 0, top: 0, advance: advance, ink: CoverageBitmap(width: 0, height: 0, pixels: []))
    }
}

/// A one-band 8-bit coverage image (255 = ink) held in memory, small enough to work on in Swift.
struct CoverageBitmap: Sendable, Equatable {
    let width: Int
    let height: Int
    let pixels: [UInt8]

    /// The coverage at (x, y), zero outside.
    func sample(_ x: Int, _ y: Int) -> UInt8 {
        guard x >= 0, y >= 0, x < width, y < height else { return 0 }
        return pixels[y * width + x]
    }

    /// Scaled by `factor`, each target pixel averaging a grid of bilinear samples so small
    /// text stays smooth instead of losing thin strokes.
    func scaled(by factor: Double) -> CoverageBitmap {
        guard width > 0, height > 0 else { return self }
        let newWidth = max(Int((Double(width) * factor).rounded()), 1)
        let newHeight = max(Int((Double(height) * factor).rounded()), 1)
        let samples = min(max(Int((1 / factor).rounded(.up)), 1), 8)
        var output = [UInt8](repeating: 0, count: newWidth * newHeight)
        for y in 0..<newHeight {
            for x in 0..<newWidth {
                var total = 0.0
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        let sourceX = (Double(x) + (Double(sx) + 0.5) / Double(samples)) / factor - 0.5
                        let sourceY = (Double(y) + (Double(sy) + 0.5) / Double(samples)) / factor - 0.5
                        total += bilinear(sourceX, sourceY)
                    }
                }
                output[y * newWidth + x] = UInt8(min(total / Double(samples * samples), 255).rounded())
            }
        }
        return CoverageBitmap(width: newWidth, height: newHeight, pixels: output)
    }

    private func bilinear(_ x: Double, _ y: Double) -> Double {
        let x0 = Int(x.rounded(.down))
        let y0 = Int(y.rounded(.down))
        let fx = x - Double(x0)
        let fy = y - Double(y0)
        let upper = Double(sample(x0, y0)) * (1 - fx) + Double(sample(x0 + 1, y0)) * fx
        let lower = Double(sample(x0, y0 + 1)) * (1 - fx) + Double(sample(x0 + 1, y0 + 1)) * fx
        return upper * (1 - fy) + lower * fy
    }
}
