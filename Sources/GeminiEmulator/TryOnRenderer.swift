import Foundation
import VTONDomain
import VTONImaging

/// The emulator's stand-in for a virtual try-on: the person photo with each garment cut off
/// its background and laid over the body where that category is worn, so a person can see
/// at a glance that the right images reached the model in the right order.
struct TryOnRenderer {
    let model: ImageModel
    let aspectRatio: String
    let size: ImageSize
    let prompt: String
    let person: Data
    let garments: [Data]

    /// A try-on request is recognised the way a model would: by its instruction and its images.
    static func applies(prompt: String, imageCount: Int) -> Bool {
        imageCount >= 2 && prompt.contains("VIRTUAL TRY-ON")
    }

    var category: TryOnCategory {
        guard let range = prompt.range(of: "Category: ") else { return .tops }
        let word = prompt[range.upperBound...].prefix { $0.isLetter || $0 == "_" }
        return TryOnCategory(rawValue: String(word)) ?? .tops
    }

    /// Where on the person's box a garment of this category goes: (x centre, top, width, height) as fractions.
    static func placement(_ category: TryOnCategory) -> (x: Double, top: Double, width: Double, height: Double) {
        switch category {
        case .tops: (0.5, 0.42, 0.62, 0.40)
        case .outerwear: (0.5, 0.40, 0.72, 0.48)
        case .bottoms: (0.5, 0.62, 0.50, 0.38)
        case .dresses, .fullOutfit: (0.5, 0.40, 0.66, 0.60)
        case .shoes: (0.5, 0.86, 0.46, 0.14)
        case .accessories: (0.5, 0.04, 0.34, 0.30)
        }
    }

    func render() throws -> VImage {
        guard let pixels = model.pixelSize(aspectRatio: aspectRatio, size: size) else {
            throw ImagingError.library("no pixel size for \(model.id) \(aspectRatio) \(size.rawValue)")
        }
        let (width, height) = (pixels.width, pixels.height)
        let labelHeight = max(min(width, height) / 22, 12)
        var canvas = try VImage.solid(width: width, height: height, red: 236, green: 236, blue: 240)

        let photo = try VImage.open(person).autorotated().fitted(width: width, height: height - labelHeight, upscale: true).opaqueRGB()
        let box = (x: (width - photo.width) / 2, y: (height - labelHeight - photo.height) / 2, width: photo.width, height: photo.height)
        canvas = try canvas.inserting(photo, x: box.x, y: box.y)

        let place = Self.placement(category)
        for (index, data) in garments.prefix(TryOnCategory.maxGarments).enumerated() {
            // Several garments of one outfit share the category's area, one band each.
            let share = place.height / Double(min(garments.count, TryOnCategory.maxGarments))
            let areaWidth = Int(Double(box.width) * place.width)
            let areaHeight = Int(Double(box.height) * share)
            guard areaWidth > 4, areaHeight > 4 else { continue }
            let garment = try VImage.open(data).autorotated().fitted(width: areaWidth, height: areaHeight, upscale: true)
            let mask = garment.hasAlpha ? try garment.alphaMask() : try garment.nonWhiteMask()
            let x = box.x + Int(Double(box.width) * place.x) - garment.width / 2
            let y = box.y + Int(Double(box.height) * (place.top + share * Double(index)))
            canvas = try canvas.painted(
                garment.opaqueRGB().embedded(x: x, y: y, width: width, height: height),
                through: mask.embedded(x: x, y: y, width: width, height: height))
        }

        canvas = try canvas.withRectangle(x: 0, y: height - labelHeight, width: width, height: labelHeight, red: 0, green: 0, blue: 0)
        let label = "VTON Lab emulator · try-on · \(category.rawValue) · \(model.id) · \(aspectRatio) · \(size.rawValue) · not a model image"
        let mask = try VImage.textMask(label, width: width - labelHeight, height: labelHeight * 3 / 4)
        let white = try VImage.solid(width: width, height: height, red: 255, green: 255, blue: 255)
        return try canvas.painted(
            white, through: mask.embedded(x: labelHeight / 2, y: height - labelHeight + labelHeight / 8, width: width, height: height))
    }
}
