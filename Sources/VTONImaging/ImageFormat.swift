/// The image formats VTON Lab accepts, recognised by their first bytes, never by a name.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, heif, gif

    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .heif: "image/heif"
        case .gif: "image/gif"
        }
    }

    public init?(mimeType: String) {
        guard let match = Self.allCases.first(where: { $0.mimeType == mimeType.lowercased() }) else {
            if mimeType.lowercased() == "image/heic" { self = .heif; return }
            if mimeType.lowercased() == "image/jpg" { self = .jpeg; return }
            return nil
        }
        self = match
    }

    static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif"]

    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(16))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return .gif }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        if head.count >= 12, Array(head[4..<8]) == Array("ftyp".utf8),
            heifBrands.contains(String(decoding: head[8..<12], as: UTF8.self))
        {
            return .heif
        }
        return nil
    }
}
