import Foundation
import Hummingbird
import Synchronization

/// The project's JSON conventions on the wire: snake_case keys and RFC 3339 timestamps in UTC
/// with milliseconds, for HTTP responses and WebSocket messages alike.
enum WireJSON {
    /// `value` as JSON with snake_case keys, in the order the value encodes them.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONStreamWriter(keyName: SnakeCaseKey.name(of:))
        try writer.write(value, depth: 0, key: nil)
        return writer.bytes
    }

    static func string(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// `createdAt` → `created_at`, computed once per distinct key instead of on every encode.
private enum SnakeCaseKey {
    private static let cache = Mutex<[String: String]>([:])

    static func name(of key: any CodingKey) -> String {
        let name = key.stringValue
        // Most keys have no capital to convert: answered without the lock and the hashing.
        func isCapital(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }
        let hasCapital = name.utf8.withContiguousStorageIfAvailable { $0.contains(where: isCapital) } ?? name.utf8.contains(where: isCapital)
        guard hasCapital else { return name }
        if let known = cache.withLock({ $0[name] }) { return known }
        // Foundation's word split: a capital after a lower-case letter starts a word, and so
        // does the last capital of a run followed by a lower-case letter (`taskID` → `task_id`).
        let characters = Array(name)
        var snake = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0, characters[index - 1] != "_" {
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if !characters[index - 1].isUppercase || nextIsLower { snake.append("_") }
            }
            snake.append(contentsOf: character.lowercased())
        }
        cache.withLock { $0[name] = snake }
        return snake
    }
}

/// Responses in the wire conventions, so every route answers the same way.
public struct WireJSONEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try WireJSON.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
