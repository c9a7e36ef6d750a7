import Foundation
import VTONDomain
import VTONImaging

/// Draws the emulator's stand-in for a generated image: exactly the documented pixel size,
/// a colour and pattern fixed by the request, the prompt written on it and the reference
/// images laid into it, so a person can tell results apart and see their inputs were used.
/// A draft (a thought image) is the same picture at a fraction of the size, labelled so.
struct PreviewRenderer {
    let model: ImageModel
    let aspectRatio: String
    let size: ImageSize
    let prompt: String
    let references: [Data]
    var draft = false

    func render() throws -> VImage {
        guard let full = model.pixelSize(aspectRatio: aspectRatio, size: size) else {
            throw ImagingError.library("no pixel size for \(model.id) \(aspectRatio) \(size.rawValue)")
        }
        let (width, height) = draft ? (max(full.width / 4, 64), max(full.height / 4, 64)) : (full.width, full.height)
        let seed = fingerprint()
        let base = Self.colour(seed: seed, value: 0.55)
        var canvas = try VImage.solid(width: width, height: height, red: base.0, green: base.1, blue: base.2)
        canvas = try drawPattern(on: canvas, seed: seed)

        let shortSide = min(width, height)
        let margin = max(shortSide / 24, 4)
        let referenceBand = references.isEmpty ? 0 : height * 45 / 100
        if !references.isEmpty {
            canvas = try drawReferences(on: canvas, top: height - referenceBand, bandHeight: referenceBand - margin, margin: margin)
        }

        let panelHeight = height - referenceBand - margin * 3 - max(shortSide / 20, 12)
        if panelHeight > 8 {
            canvas = try canvas.withRectangle(x: margin, y: margin, width: width - 2 * margin, height: panelHeight, red: 20, green: 20, blue: 28)
            canvas = try write(prompt, on: canvas, x: margin * 2, y: margin * 2, width: width - 4 * margin, height: panelHeight - 2 * margin)
        }
        let kind = draft ? "thinking draft" : "not a model image"
        let label = "VTON Lab emulator · \(model.id) · \(aspectRatio) · \(size.rawValue) · \(kind)"
        let labelHeight = max(shortSide / 20, 12)
        canvas = try canvas.withRectangle(
            x: 0, y: height - referenceBand - labelHeight - margin, width: width, height: labelHeight + margin / 2, red: 0, green: 0, blue: 0)
        canvas = try write(
            label, on: canvas, x: margin, y: height - referenceBand - labelHeight - margin / 2, width: width - 2 * margin,
            height: labelHeight - margin / 4)
        return canvas
    }

    /// Lighter bars whose place and width follow the request's fingerprint.
    private func drawPattern(on canvas: VImage, seed: UInt64) throws -> VImage {
        var image = canvas
        var state = seed
        let shade = Self.colour(seed: seed, value: 0.75)
        for _ in 0..<6 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Int(state >> 33) % max(image.width, 1)
            let barWidth = max(image.width / 40, 2) + Int(state >> 50) % max(image.width / 12, 1)
            image = try image.withRectangle(
                x: x, y: 0, width: min(barWidth, image.width - x), height: image.height, red: shade.0, green: shade.1, blue: shade.2)
        }
        return image
    }

    private func drawReferences(on canvas: VImage, top: Int, bandHeight: Int, margin: Int) throws -> VImage {
        var image = canvas
        let shown = Array(references.prefix(4))
        let cellWidth = (canvas.width - margin) / shown.count
        for (index, data) in shown.enumerated() {
            let boxWidth = cellWidth - margin
            guard boxWidth > 4, bandHeight > 4 else { break }
            let photo = try VImage.open(data).autorotated().fitted(width: boxWidth - 8, height: bandHeight - 8, upscale: true).opaqueRGB()
            let x = margin + index * cellWidth + (boxWidth - photo.width) / 2
            let y = top + (bandHeight - photo.height) / 2
            image = try image.withRectangle(x: x - 4, y: y - 4, width: photo.width + 8, height: photo.height + 8, red: 250, green: 250, blue: 250)
            image = try image.inserting(photo, x: x, y: y)
        }
        return image
    }

    private func write(_ text: String, on canvas: VImage, x: Int, y: Int, width: Int, height: Int) throws -> VImage {
        guard width > 8, height > 4 else { return canvas }
        let mask = try VImage.textMask(text, width: width, height: height)
        let fullMask = try mask.embedded(x: x, y: y, width: canvas.width, height: canvas.height)
        let ink = try VImage.solid(width: canvas.width, height: canvas.height, red: 255, green: 255, blue: 255)
        return try canvas.painted(ink, through: fullMask)
    }

    /// FNV-1a over everything that defines the request, so the same request draws the same image.
    func fingerprint() -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        mix(model.id.utf8)
        mix(aspectRatio.utf8)
        mix(size.rawValue.utf8)
        mix(prompt.utf8)
        for reference in references { mix(reference) }
        return hash
    }

    /// A hue from the fingerprint at fixed saturation, so every image stays readable.
    static func colour(seed: UInt64, value: Double) -> (Double, Double, Double) {
        let hue = Double(seed % 360) / 60
        let saturation = 0.5
        let chroma = value * saturation
        let secondary = chroma * (1 - abs(hue.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double) =
            switch Int(hue) {
            case 0: (chroma, secondary, 0)
            case 1: (secondary, chroma, 0)
            case 2: (0, chroma, secondary)
            case 3: (0, secondary, chroma)
            case 4: (secondary, 0, chroma)
            default: (chroma, 0, secondary)
            }
        let floor = value - chroma
        return ((r + floor) * 255, (g + floor) * 255, (b + floor) * 255)
    }
}
