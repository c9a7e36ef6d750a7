import Foundation

extension UUID {
    /// The canonical text in lower case, as file URLs, signatures and provider keys write ids.
    public var lowercasedText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        appendCanonicalText(to: &bytes, uppercase: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The canonical 8-4-4-4-12 form, digit by digit: Foundation's `uuidString` formats every
    /// byte with `snprintf`, and lists of tasks write several ids per task.
    public func appendCanonicalText(to bytes: inout [UInt8], uppercase: Bool) {
        let digits = uppercase ? UUIDDigits.upper : UUIDDigits.lower
        withUnsafeBytes(of: uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0xF)])
            }
        }
    }
}

private enum UUIDDigits {
    static let lower = Array("0123456789abcdef".utf8)
    static let upper = Array("0123456789ABCDEF".utf8)
}
