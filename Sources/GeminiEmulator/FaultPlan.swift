import Foundation

/// Faults the emulator injects: `503:0.2,429:0.1,hang:0.05,safety:0.05` gives each outcome
/// its probability per request (VTON_EMULATOR_FAULTS). Besides HTTP statuses there are the
/// 200-level answers without a usable image the service gives, `quota0` (the 429 of a key
/// without billing) and `hang`; `[[slow:N]]` exists only as a prompt directive.
public struct FaultPlan: Sendable, Equatable {
    public enum Fault: Sendable, Equatable, Hashable {
        case status(Int)
        case hang
        case safety
        case imageSafety
        case noImage
        case imageOther
        case imageProhibited
        /// STOP with a text part and no image: the model chose to describe instead of draw.
        case textOnly
        /// STOP with only thought parts: the last thought image is all there is.
        case thoughtOnly
        case quotaZero
        /// A normal answer, after this many seconds.
        case slow(Double)
    }

    static let names: [String: Fault] = [
        "hang": .hang, "safety": .safety, "image_safety": .imageSafety, "no_image": .noImage, "image_other": .imageOther,
        "image_prohibited": .imageProhibited, "text_only": .textOnly, "thought_only": .thoughtOnly, "quota0": .quotaZero,
    ]

    public static let supportedStatuses: Set<Int> = [400, 403, 404, 429, 500, 503, 504]
    public private(set) var entries: [(fault: Fault, probability: Double)]

    public static func == (lhs: FaultPlan, rhs: FaultPlan) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.fault == $1.fault && $0.probability == $1.probability }
    }

    public init(entries: [(fault: Fault, probability: Double)] = []) { self.entries = entries }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String) throws(ParseError) -> FaultPlan {
        var entries: [(fault: Fault, probability: Double)] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let pieces = item.split(separator: ":", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let probability = Double(pieces[1]), (0...1).contains(probability) else {
                throw ParseError(description: "\"\(item)\" is not <fault>:<probability 0…1>")
            }
            guard let fault = Self.fault(named: pieces[0]) else {
                throw ParseError(
                    description:
                        "unknown fault \"\(pieces[0])\"; use an HTTP status (\(supportedStatuses.sorted().map(String.init).joined(separator: ", "))) or one of \(names.keys.sorted().joined(separator: ", "))"
                )
            }
            entries.append((fault, probability))
        }
        guard entries.map(\.probability).reduce(0, +) <= 1 else {
            throw ParseError(description: "fault probabilities add up to more than 1")
        }
        return FaultPlan(entries: entries)
    }

    static func fault(named name: String) -> Fault? {
        names[name.lowercased()] ?? Int(name).flatMap { supportedStatuses.contains($0) ? .status($0) : nil }
    }

    /// Draws one outcome; `roll` is uniform in 0..<1.
    public func draw(roll: Double) -> Fault? {
        var threshold = 0.0
        for entry in entries {
            threshold += entry.probability
            if roll < threshold { return entry.fault }
        }
        return nil
    }
}
