/// Output size tier (`imageSize` on the wire). `512` exists only for 3.1 Flash Image.
public enum ImageSize: String, Sendable, Codable, CaseIterable {
    case px512 = "512"
    case k1 = "1K"
    case k2 = "2K"
    case k4 = "4K"

    /// The values the public API accepts (API.md §2.1).
    public static let apiValues: [ImageSize] = [.k1, .k2, .k4]

    /// About how many bytes one answer at this size takes on the wire (a PNG in base64, the
    /// larger of the formats): enough to tell a batch whose results fit in a poll from one
    /// whose results must come back as a file.
    public var answerBytes: Int {
        switch self {
        case .px512: 700_000
        case .k1: 2_500_000
        case .k2: 10_000_000
        case .k4: 32_000_000
        }
    }
}

public struct PixelSize: Sendable, Hashable, Codable {
    public let width: Int
    public let height: Int

    public init(_ width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }
}
