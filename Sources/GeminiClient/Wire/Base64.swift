import Foundation

/// The service emits standard base64; the official SDK sends the URL-safe alphabet.
/// Both must decode, and Foundation only knows the standard one.
public enum Base64 {
    public static func decode<S: StringProtocol>(_ text: S) -> Data? {
        var normalised = String(text).filter { !$0.isWhitespace }
        if normalised.contains(where: { $0 == "-" || $0 == "_" }) {
            normalised = String(normalised.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        }
        let remainder = normalised.count % 4
        if remainder != 0 { normalised += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: normalised)
    }

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        Data(bytes).base64EncodedString()
    }
}
