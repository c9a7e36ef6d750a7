import Crypto
import Foundation

/// Short-lived signatures for file URLs, so an `<img>` tag can load a result without a header.
public struct URLSigner: Sendable {
    /// Keyed once: every signature starts from a copy, instead of hashing the key's pads again
    /// for each of the several URLs every task of a list carries.
    let keyed: HMAC<SHA256>
    let lifetime: TimeInterval

    public init(secret: String, lifetime: TimeInterval = 3600) {
        keyed = HMAC(key: SymmetricKey(data: SHA256.hash(data: Data(("file-urls:" + secret).utf8))))
        self.lifetime = lifetime
    }

    /// Expiry is rounded up to the next whole step: a file keeps the same URL for that long, so
    /// a browser reuses the image it already has when a list is fetched again instead of
    /// downloading it under a new signature each time.
    static let step = 300

    public func signedPath(fileID: UUID, now: Date = Date()) -> String {
        let earliest = Int(now.addingTimeInterval(lifetime).timeIntervalSince1970.rounded(.up))
        let expires = (earliest + Self.step - 1) / Self.step * Self.step
        let id = fileID.lowercasedText
        return "/api/v1/files/\(id)?exp=\(expires)&sig=\(signature(fileID: id, expires: expires))"
    }

    public func isValid(fileID: UUID, expires: Int, signature given: String, now: Date = Date()) -> Bool {
        guard Double(expires) >= now.timeIntervalSince1970 else { return false }
        let expected = signature(fileID: fileID.lowercasedText, expires: expires)
        return CryptoText.constantTimeEqual(expected, given)
    }

    private func signature(fileID: String, expires: Int) -> String {
        var mac = keyed
        mac.update(data: Data("\(fileID):\(expires)".utf8))
        let base64 = Data(mac.finalize()).base64EncodedString()
        // URL-safe alphabet without padding, byte by byte: every task of every list signs its
        // files, and Foundation's string replacing costs more than the HMAC.
        let urlSafe: [UInt8] = base64.utf8.compactMap { byte in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: urlSafe, as: UTF8.self)
    }
}
