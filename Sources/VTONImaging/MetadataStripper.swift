import Foundation

/// Removes metadata from JPEG and PNG files without decoding them, for images that need no
/// other change: re-encoding only to drop metadata loses quality and, for images already
/// compressed harder than our encoder's setting, makes them larger.
enum MetadataStripper {
    /// The JPEG without APP1–APP13 and APP15 (EXIF with GPS, XMP, IPTC, MPF…), comments and
    /// anything after its end. What decides the colours stays: JFIF (APP0), the ICC profile
    /// (APP2 "ICC_PROFILE") and Adobe (APP14). Nil when the file is not laid out as expected.
    static func jpeg(_ data: Data) -> Data? {
        let bytes = [UInt8](data)
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var output: [UInt8] = [0xFF, 0xD8]
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF {
                index += 1  // fill byte
                continue
            }
            if marker == 0xDA {
                // Start of scan: entropy-coded data follows, up to and including the end marker.
                guard let end = lastEndOfImage(bytes, from: index) else { return nil }
                output += bytes[index..<end]
                return Data(output)
            }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return nil }
            let isProfile = marker == 0xE2 && bytes[index + 4..<min(index + 16, bytes.count)].elementsEqual(Array("ICC_PROFILE\0".utf8))
            let isMetadata = ((0xE1...0xED).contains(marker) && !isProfile) || marker == 0xEF || marker == 0xFE
            if !isMetadata { output += bytes[index..<index + 2 + length] }
            index += 2 + length
        }
        return nil
    }

    /// The index just past the last end-of-image marker, so trailers appended after it go.
    private static func lastEndOfImage(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = bytes.count - 2
        while index > start {
            if bytes[index] == 0xFF, bytes[index + 1] == 0xD9 { return index + 2 }
            index -= 1
        }
        return nil
    }

    /// The PNG with only the chunks that make its pixels and their colours: header, palette,
    /// transparency, colour space and image data (no text, EXIF, time or animation).
    static func png(_ data: Data) -> Data? {
        let bytes = [UInt8](data)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 8, Array(bytes[0..<8]) == signature else { return nil }
        let kept: Set<String> = ["IHDR", "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "IDAT", "IEND"]
        var output = signature
        var index = 8
        while index + 12 <= bytes.count {
            let length = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = index + 12 + length
            guard length >= 0, end <= bytes.count else { return nil }
            let type = String(decoding: bytes[index + 4..<index + 8], as: UTF8.self)
            if kept.contains(type) { output += bytes[index..<end] }
            if type == "IEND" { return Data(output) }
            index = end
        }
        return nil
    }
}
