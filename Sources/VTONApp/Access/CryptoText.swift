import Crypto
import Foundation

/// Text forms of the few cryptographic values the server makes: hex digests, random tokens,
/// and comparisons of secrets that take the same time wherever they differ.
enum CryptoText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        for byte in bytes { text += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]] }
        return String(decoding: text, as: UTF8.self)
    }

    static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// `length` symbols drawn uniformly from `alphabet` by the system's secure generator.
    static func random(length: Int, alphabet: String) -> String {
        let symbols = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in symbols[Int(generator.next(upperBound: UInt(symbols.count)))] })
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
