import Foundation

/// The model instruction for a try-on of one garment category. Admins edit the text; the
/// image order is fixed: the person first, then the garments.
public struct PromptTemplate: Sendable, Equatable {
    public var category: TryOnCategory
    public var text: String
    public var updatedAt: Date

    public init(category: TryOnCategory, text: String, updatedAt: Date = Date()) {
        self.category = category
        self.text = text
        self.updatedAt = updatedAt
    }

    public static let maxLength = 8000

    /// The template with the user's own words appended.
    public func prompt(userPrompt: String) -> String {
        userPrompt.isEmpty ? text : "\(text)\n\nAdditional instructions from the user: \(userPrompt)"
    }

    static let common =
        "The first image is the person. The other images are the garments. Keep the person's face, identity, body shape, pose, skin tone, hair, "
        + "expression and the background exactly as they are. Keep each garment's colour, pattern, print, logo, material and texture. "
        + "Make the fit, folds, shadows and lighting realistic. Output one photorealistic image of the person wearing the garments."

    public static func defaultTemplate(for category: TryOnCategory) -> PromptTemplate {
        let task: String =
            switch category {
            case .tops: "Replace only the clothing on the upper body with the top."
            case .bottoms: "Replace only the trousers, skirt or shorts with the garment; keep the top as it is."
            case .dresses: "Dress the person in the dress, replacing the clothes it covers."
            case .outerwear: "Put the jacket or coat on over the person's current clothes."
            case .shoes: "Replace only the footwear with the shoes; show the feet if the photo crops them."
            case .accessories: "Add the accessory (bag, hat, scarf, jewellery, glasses) where it is worn; change nothing else."
            case .fullOutfit: "Dress the person in the complete outfit made of all the garments, each in its place."
            }
        return PromptTemplate(category: category, text: "VIRTUAL TRY-ON. Category: \(category.rawValue). \(task) \(common)")
    }
}
