/// What a `Range` header asks of content of a known length (RFC 9110 §14): one range to send,
/// a range that starts past the end (416), or the whole content, which also answers what is
/// not served in parts (several ranges, another unit, a malformed header).
enum RangeRequest: Equatable {
    case whole
    case part(ClosedRange<Int>)
    case unsatisfiable

    init(header: String?, length: Int) {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else {
            self = .whole
            return
        }
        let spec = header.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard spec.count == 2 else {
            self = .whole
            return
        }
        switch (Self.position(spec[0]), Self.position(spec[1])) {
        case (nil, let suffix?) where spec[0].isEmpty:
            self = suffix > 0 && length > 0 ? .part(max(length - suffix, 0)...(length - 1)) : .unsatisfiable
        case (let first?, nil) where spec[1].isEmpty:
            self = first < length ? .part(first...(length - 1)) : .unsatisfiable
        case (let first?, let last?) where first <= last:
            self = first < length ? .part(first...min(last, length - 1)) : .unsatisfiable
        default:
            self = .whole
        }
    }

    /// A byte position: digits only; one too large for an `Int` lies past any content.
    private static func position(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text) ?? Int.max
    }
}
