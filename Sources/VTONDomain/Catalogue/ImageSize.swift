/// Output size tier (`imageSize` on the wire). `512` exists only for 3.1 Flash Image.
public enum ImageSize: String, Sendable, Codable, CaseIterable {
    case px512 = "512"
    case k1 = "1K"
    case k2 = "2K"
    case k4 = "4K"

    /// The values the public API accepts (API.md §2.1).
    public static let apiValues: [ImageSize] = [.k1, .k2, .k4]
}

public struct PixelSize: Sendable, Hashable, Codable {
    public let width: Int
    public let height: Int

    public init(_ width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }
}
