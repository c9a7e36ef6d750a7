import Crypto
import Foundation

/// How the origin's rows become this system's: ids derived from the origin's, so that a second
/// import finds what the first wrote, and the result paths found in whatever the origin stored.
enum OriginMapping {
    /// A UUID (version 8, name-based) from the kind and id of an origin row.
    static func id(_ kind: String, _ originID: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Data("vton-origin:\(kind):\(originID)".utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// The image paths a result column holds: a JSON list of paths, an object holding them (any
    /// depth), or one path as plain text. URLs (`http…`) are not paths and are left out.
    static func resultPaths(_ stored: String?) -> [String] {
        guard let stored = stored?.trimmingCharacters(in: .whitespacesAndNewlines), !stored.isEmpty else { return [] }
        guard let json = try? JSONSerialization.jsonObject(with: Data(stored.utf8), options: [.fragmentsAllowed]) else {
            return isPath(stored) ? [stored] : []
        }
        var paths: [String] = []
        func collect(_ value: Any) {
            switch value {
            case let text as String where isPath(text): paths.append(text)
            case let list as [Any]: list.forEach(collect)
            case let object as [String: Any]: object.keys.sorted().forEach { collect(object[$0]!) }
            default: break
            }
        }
        collect(json)
        return paths
    }

    private static func isPath(_ text: String) -> Bool {
        guard !text.hasPrefix("http://"), !text.hasPrefix("https://"), !text.hasPrefix("data:") else { return false }
        let lower = text.lowercased()
        return [".png", ".jpg", ".jpeg", ".webp", ".gif", ".heic", ".heif"].contains { lower.hasSuffix($0) }
    }

    /// A path as the origin wrote it, read from `root` when it is relative (the origin's working directory).
    static func location(of path: String, root: String) -> String {
        let trimmed = path.hasPrefix("file://") ? String(path.dropFirst("file://".count)) : path
        return trimmed.hasPrefix("/") ? trimmed : URL(fileURLWithPath: root).appendingPathComponent(trimmed).path
    }
}
