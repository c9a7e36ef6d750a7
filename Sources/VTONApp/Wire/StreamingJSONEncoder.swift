import Foundation

/// An `Encoder` that writes JSON bytes in the order values encode themselves, instead of
/// building a tree of boxed values first as Foundation's `JSONEncoder` does: every list response
/// and every pushed update goes through it, and the tree cost more than the rest of a request.
///
/// Codable never says when a container is finished, so the writer keeps a stack of the open
/// ones and closes those deeper than the level being written to, and those a value opened once
/// its `encode(to:)` returns.
final class JSONStreamWriter {
    // One writer serves one encode on one thread; the runtime's exclusivity checks on every
    // appended byte cost more than the writing.
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []
    @exclusivity(unchecked) private var open: [(keyed: Bool, count: Int)] = []
    /// The keys from the top down to the value being written, for `codingPath`.
    @exclusivity(unchecked) private(set) var path: [any CodingKey] = []
    private let keyName: (any CodingKey) -> String

    init(keyName: @escaping (any CodingKey) -> String, capacity: Int = 1024) {
        self.keyName = keyName
        bytes.reserveCapacity(capacity)
    }

    var openCount: Int { open.count }

    func close(downTo count: Int) {
        while open.count > count {
            bytes.append(open.removeLast().keyed ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    func openContainer(keyed: Bool) {
        open.append((keyed, 0))
        bytes.append(keyed ? UInt8(ascii: "{") : UInt8(ascii: "["))
    }

    func isKeyed(at level: Int) -> Bool { open[level].keyed }

    /// Closes what a previous element left open and writes the separator (and key) of the next
    /// element of the container at `level`.
    func beginElement(at level: Int, key: (any CodingKey)? = nil) {
        separate(at: level)
        if let key {
            writeString(keyName(key))
            bytes.append(UInt8(ascii: ":"))
        }
    }

    /// `beginElement` for a key spelled as on the wire that needs no escaping (`WireFields`).
    func beginElement(at level: Int, plainKey: StaticString) {
        separate(at: level)
        bytes.append(UInt8(ascii: "\""))
        plainKey.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private func separate(at level: Int) {
        close(downTo: level + 1)
        if open[level].count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[level].count += 1
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `uuidString`'s form (upper case).
    func writeUUID(_ uuid: UUID) {
        bytes.append(UInt8(ascii: "\""))
        uuid.appendCanonicalText(to: &bytes, uppercase: true)
        bytes.append(UInt8(ascii: "\""))
    }

    func writeTimestamp(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    func writeRaw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    func writeRaw(_ written: [UInt8]) { bytes.append(contentsOf: written) }

    func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        if !Self.needsEscaping(text) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case ..<0x20:
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscaping(_ text: String) -> Bool {
        func escaped(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        // Native strings are contiguous UTF-8: a plain loop over the buffer, not the view's iterator.
        return text.utf8.withContiguousStorageIfAvailable { $0.contains(where: escaped) } ?? text.utf8.contains(where: escaped)
    }

    /// Shortest round-tripping digits, without the `.0` of whole numbers, as Foundation writes them.
    func writeFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) is not valid in JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        writeRaw(text)
    }

    /// Writes one value at `depth` under `key`: the few types JSON has its own form for, or
    /// whatever the value's own `encode(to:)` writes, with the containers it opened closed afterwards.
    func write<Value: Encodable>(_ value: Value, depth: Int, key: (any CodingKey)?) throws {
        // Types are compared before casting: a dynamic cast per value showed in profiles.
        if Value.self == String.self {
            writeString(value as! String)
        } else if Value.self == Int.self {
            writeRaw(String(value as! Int))
        } else if Value.self == Bool.self {
            writeRaw(value as! Bool ? "true" : "false")
        } else if Value.self == Double.self {
            try writeFloat(value as! Double)
        } else if Value.self == Date.self {
            writeTimestamp(value as! Date)
        } else if Value.self == UUID.self {
            writeUUID(value as! UUID)
        } else if Value.self == URL.self {
            writeString((value as! URL).absoluteString)
        } else if Value.self == Data.self {
            writeString((value as! Data).base64EncodedString())
        } else if Value.self == Decimal.self {
            writeRaw((value as! Decimal).description)
        } else {
            if let key { path.append(key) }
            defer { if key != nil { path.removeLast() } }
            let start = bytes.count
            try value.encode(to: StreamingJSONEncoder(writer: self, depth: depth))
            close(downTo: depth)
            if bytes.count == start { writeRaw("{}") }
        }
    }
}

struct StreamingJSONEncoder: Encoder {
    let writer: JSONStreamWriter
    /// The index its container takes in the writer's stack of open containers.
    let depth: Int
    var codingPath: [any CodingKey] { writer.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        openOwnContainer(keyed: true)
        return KeyedEncodingContainer(StreamingKeyedContainer<Key>(writer: writer, level: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        openOwnContainer(keyed: false)
        return StreamingUnkeyedContainer(writer: writer, level: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamingSingleValueContainer(writer: writer, depth: depth)
    }

    /// Opens this value's object for `WireFields`, answering its level.
    func openObject() -> Int {
        openOwnContainer(keyed: true)
        return depth
    }

    /// A second request for a container of the same value continues the first one.
    private func openOwnContainer(keyed: Bool) {
        if writer.openCount > depth {
            writer.close(downTo: depth + 1)
            precondition(writer.isKeyed(at: depth) == keyed, "a value asked for a keyed and an unkeyed container")
        } else {
            writer.openContainer(keyed: keyed)
        }
    }
}

private struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let level: Int
    var codingPath: [any CodingKey] { writer.path }

    func encodeNil(forKey key: Key) throws {
        writer.beginElement(at: level, key: key)
        writer.writeRaw("null")
    }
    func encode(_ value: Bool, forKey key: Key) throws {
        writer.beginElement(at: level, key: key)
        writer.writeRaw(value ? "true" : "false")
    }
    func encode(_ value: String, forKey key: Key) throws {
        writer.beginElement(at: level, key: key)
        writer.writeString(value)
    }
    func encode(_ value: Double, forKey key: Key) throws {
        writer.beginElement(at: level, key: key)
        try writer.writeFloat(value)
    }
    func encode(_ value: Float, forKey key: Key) throws {
        writer.beginElement(at: level, key: key)
        try writer.writeFloat(value)
    }
    func encode(_ value: Int, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
    func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

    func encode(_ value: some Encodable, forKey key: Key) throws {
        writer.beginElement(at: level, key: key)
        try writer.write(value, depth: level + 1, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.beginElement(at: level, key: key)
        writer.openContainer(keyed: true)
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(writer: writer, level: level + 1))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.beginElement(at: level, key: key)
        writer.openContainer(keyed: false)
        return StreamingUnkeyedContainer(writer: writer, level: level + 1)
    }

    func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    func superEncoder(forKey key: Key) -> any Encoder {
        writer.beginElement(at: level, key: key)
        return StreamingJSONEncoder(writer: writer, depth: level + 1)
    }

    private func encodeInteger(_ value: some FixedWidthInteger, _ key: Key) throws {
        writer.beginElement(at: level, key: key)
        writer.writeRaw(String(value))
    }
}

private struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let level: Int
    var codingPath: [any CodingKey] { writer.path }
    private(set) var count = 0

    init(writer: JSONStreamWriter, level: Int) {
        self.writer = writer
        self.level = level
    }

    mutating func encodeNil() throws {
        begin()
        writer.writeRaw("null")
    }
    mutating func encode(_ value: Bool) throws {
        begin()
        writer.writeRaw(value ? "true" : "false")
    }
    mutating func encode(_ value: String) throws {
        begin()
        writer.writeString(value)
    }
    mutating func encode(_ value: Double) throws {
        begin()
        try writer.writeFloat(value)
    }
    mutating func encode(_ value: Float) throws {
        begin()
        try writer.writeFloat(value)
    }
    mutating func encode(_ value: Int) throws { encodeInteger(value) }
    mutating func encode(_ value: Int8) throws { encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { encodeInteger(value) }

    mutating func encode(_ value: some Encodable) throws {
        let index = IndexKey(intValue: count)
        begin()
        try writer.write(value, depth: level + 1, key: index)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        begin()
        writer.openContainer(keyed: true)
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(writer: writer, level: level + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        begin()
        writer.openContainer(keyed: false)
        return StreamingUnkeyedContainer(writer: writer, level: level + 1)
    }

    mutating func superEncoder() -> any Encoder {
        begin()
        return StreamingJSONEncoder(writer: writer, depth: level + 1)
    }

    private mutating func begin() {
        writer.beginElement(at: level)
        count += 1
    }

    private mutating func encodeInteger(_ value: some FixedWidthInteger) {
        begin()
        writer.writeRaw(String(value))
    }
}

private struct StreamingSingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    let depth: Int
    var codingPath: [any CodingKey] { writer.path }

    func encodeNil() throws { writer.writeRaw("null") }
    func encode(_ value: Bool) throws { writer.writeRaw(value ? "true" : "false") }
    func encode(_ value: String) throws { writer.writeString(value) }
    func encode(_ value: Double) throws { try writer.writeFloat(value) }
    func encode(_ value: Float) throws { try writer.writeFloat(value) }
    func encode(_ value: Int) throws { writer.writeRaw(String(value)) }
    func encode(_ value: Int8) throws { writer.writeRaw(String(value)) }
    func encode(_ value: Int16) throws { writer.writeRaw(String(value)) }
    func encode(_ value: Int32) throws { writer.writeRaw(String(value)) }
    func encode(_ value: Int64) throws { writer.writeRaw(String(value)) }
    func encode(_ value: UInt) throws { writer.writeRaw(String(value)) }
    func encode(_ value: UInt8) throws { writer.writeRaw(String(value)) }
    func encode(_ value: UInt16) throws { writer.writeRaw(String(value)) }
    func encode(_ value: UInt32) throws { writer.writeRaw(String(value)) }
    func encode(_ value: UInt64) throws { writer.writeRaw(String(value)) }
    func encode(_ value: some Encodable) throws { try writer.write(value, depth: depth, key: nil) }
}

/// An array element's place in `codingPath`, as Foundation names it.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
