/// What kind of garment a try-on dresses the person in (API.md §2.1).
public enum TryOnCategory: String, Sendable, Codable, CaseIterable {
    case tops, bottoms, dresses, outerwear, shoes, accessories
    case fullOutfit = "full_outfit"

    public static let maxGarments = 4
}
