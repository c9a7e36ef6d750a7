/// How long one generation call may take, by output size: 2K takes about a minute and 4K often
/// more than two on the Pro model, so one deadline for all either cuts large images off (and
/// pays for them anyway) or waits minutes for a lost small one.
public struct ProviderDeadlines: Sendable, Equatable {
    public private(set) var seconds: [ImageSize: Double]

    public init(seconds: [ImageSize: Double] = [.px512: 60, .k1: 90, .k2: 180, .k4: 360]) {
        self.seconds = seconds
    }

    public func deadline(for size: ImageSize) -> Duration {
        .milliseconds(Int64((seconds[size] ?? seconds[.k1] ?? 90) * 1000))
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `1K=90,4K=600`: the sizes named change, the others keep their defaults.
    public static func parse(_ text: String) throws(ParseError) -> ProviderDeadlines {
        var deadlines = ProviderDeadlines()
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let pieces = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let size = ImageSize(rawValue: pieces[0]) else {
                throw ParseError(
                    description: "\"\(item)\" is not <size>=<seconds> with a size of \(ImageSize.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let value = Double(pieces[1]), value > 0, value <= 3600 else {
                throw ParseError(description: "\"\(item)\": seconds must be in (0, 3600]")
            }
            deadlines.seconds[size] = value
        }
        return deadlines
    }
}
