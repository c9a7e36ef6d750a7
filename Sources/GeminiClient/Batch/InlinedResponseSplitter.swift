import Foundation

/// Reads a batch operation's JSON as it arrives, so inline results (hundreds of MB of base64
/// images for a large batch) are never held whole: every element of the first
/// `inlinedResponses.inlinedResponses` array is handed out on its own, and what remains — the
/// operation with that array and its copy under `response` emptied — is kept to be decoded.
struct InlinedResponseSplitter {
    private enum Container {
        case object(key: String?)
        case array
    }

    /// The operation without its results.
    private(set) var skeleton = Data()
    private(set) var elementCount = 0
    private let maxElementBytes: Int
    /// Each container open around the current byte, with the key it sits under.
    private var stack: [(container: Container, key: String?)] = []
    private var inString = false
    private var escaped = false
    private var stringBytes: [UInt8] = []
    private var lastString: String?
    /// Depth of the results array being read (or dropped), and whether its copy was seen.
    private var resultsDepth: Int?
    private var emitting = false
    private var resultsSeen = false
    private var element = Data()

    init(maxElementBytes: Int) { self.maxElementBytes = maxElementBytes }

    /// Feeds the next bytes; `emit` receives each complete result element of the first copy.
    mutating func feed(_ bytes: some Sequence<UInt8>, emit: (Data) throws -> Void) throws {
        for byte in bytes {
            if let depth = resultsDepth, stack.count > depth || (stack.count == depth && !isStructural(byte)) || inString {
                try keepElementByte(byte)
                track(byte)
                continue
            }
            if let depth = resultsDepth, stack.count == depth {
                switch byte {
                case UInt8(ascii: ","):
                    try finishElement(emit)
                    continue
                case UInt8(ascii: "]"):
                    try finishElement(emit)
                    resultsDepth = nil
                default:
                    break
                }
            }
            skeleton.append(byte)
            track(byte)
            if byte == UInt8(ascii: "["), resultsDepth == nil, isResultsArray {
                resultsDepth = stack.count
                emitting = !resultsSeen
                resultsSeen = true
            }
        }
    }

    private func isStructural(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") }

    /// The array just opened sits under `inlinedResponses` inside an object under `inlinedResponses`.
    private var isResultsArray: Bool {
        guard stack.count >= 2, case .array = stack[stack.count - 1].container else { return false }
        return stack[stack.count - 1].key == "inlinedResponses" && stack[stack.count - 2].key == "inlinedResponses"
    }

    private mutating func keepElementByte(_ byte: UInt8) throws {
        guard emitting else { return }
        element.append(byte)
        guard element.count <= maxElementBytes else { throw GeminiError.responseTooLarge(limit: maxElementBytes) }
    }

    private mutating func finishElement(_ emit: (Data) throws -> Void) throws {
        defer { element = Data() }
        guard emitting, element.contains(where: { !Self.isWhitespace($0) }) else { return }
        elementCount += 1
        try emit(element)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// Follows strings, keys and nesting.
    private mutating func track(_ byte: UInt8) {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
                lastString = stringBytes.count <= 64 ? String(decoding: stringBytes, as: UTF8.self) : nil
            } else if stringBytes.count <= 64 {
                stringBytes.append(byte)
            }
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            stringBytes.removeAll(keepingCapacity: true)
        case UInt8(ascii: ":"):
            if case .object = stack.last?.container { stack[stack.count - 1].container = .object(key: lastString) }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            stack.append((byte == UInt8(ascii: "{") ? .object(key: nil) : .array, currentKey))
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            _ = stack.popLast()
        case UInt8(ascii: ","):
            if case .object = stack.last?.container { stack[stack.count - 1].container = .object(key: nil) }
        default:
            break
        }
    }

    /// The key the next value sits under: the pending key of the enclosing object.
    private var currentKey: String? {
        guard case .object(let key) = stack.last?.container else { return nil }
        return key
    }
}
