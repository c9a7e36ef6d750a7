/// An aspect ratio as clients name it. The seed accepts `6:9`, which no model takes;
/// it has the same shape as `2:3`, so that is what the provider receives.
public struct AspectRatio: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    public static let seedValues = [
        "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "6:9",
    ]
    public static let standard = AspectRatio(unchecked: "1:1")

    public init?(_ value: String) {
        guard Self.seedValues.contains(value) else { return nil }
        self.value = value
    }

    init(unchecked value: String) { self.value = value }

    public var providerValue: String { value == "6:9" ? "2:3" : value }
    public var description: String { value }
}
