import Foundation

/// U+0000 in text: PostgreSQL refuses it in a text column (a 500 for the client's mistake,
/// and a whole batch of audit rows lost with it), and SQLite's C strings end at it, silently
/// dropping the rest. No field of this API needs it, so the edge refuses it, naming where.
enum NULText {
    private static let escaped = Data("\\u0000".utf8)

    /// The field of the first string in a JSON body that holds U+0000, or nil. JSON can carry
    /// it only escaped, so bodies without the escape are not parsed here.
    static func field(in body: Data) -> String? {
        guard body.range(of: escaped) != nil, let value = try? JSONSerialization.jsonObject(with: body, options: .fragmentsAllowed) else {
            return nil
        }
        return field(in: value, path: "")
    }

    static func holds(_ text: some StringProtocol) -> Bool { text.utf8.contains(0) }

    private static func field(in value: Any, path: String) -> String? {
        switch value {
        case let text as String:
            return holds(text) ? (path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = field(in: object[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = field(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
