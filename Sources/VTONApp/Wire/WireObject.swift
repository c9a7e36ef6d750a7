import Foundation

/// A wire shape that names its fields itself, in the order the contract shows them, spelled as
/// on the wire. `WireJSON` writes them straight into its buffer; any other encoder receives them
/// through a keyed container. For the shapes written most (every task of every list, every
/// pushed update), Codable's boxed containers cost more than the writing.
protocol WireObject: Encodable {
    func write(to fields: inout WireFields) throws
}

extension WireObject {
    func encode(to encoder: any Encoder) throws {
        var fields =
            if let streaming = encoder as? StreamingJSONEncoder {
                WireFields(target: .stream(streaming.writer, level: streaming.openObject()))
            } else {
                WireFields(target: .container(encoder.container(keyedBy: WireKey.self)))
            }
        try write(to: &fields)
    }
}

struct WireKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The fields of one `WireObject`. Absent optionals are written as `null`, as the contract
/// shows them, unless written with `writeIfPresent`. Keys are plain ASCII literals.
struct WireFields {
    enum Target {
        case stream(JSONStreamWriter, level: Int)
        case container(KeyedEncodingContainer<WireKey>)
    }

    var target: Target

    /// Specialised for each type it is called with, so a scalar costs a type comparison in
    /// `JSONStreamWriter.write`, not a container.
    mutating func write<Value: Encodable>(_ key: StaticString, _ value: Value?) throws {
        switch target {
        case .stream(let writer, let level):
            writer.beginElement(at: level, plainKey: key)
            if let value { try writer.write(value, depth: level + 1, key: nil) } else { writer.writeRaw("null") }
        case .container(var container):
            let wireKey = WireKey(stringValue: "\(key)")
            if let value { try container.encode(value, forKey: wireKey) } else { try container.encodeNil(forKey: wireKey) }
            target = .container(container)
        }
    }

    /// A list of wire shapes, each written straight into the buffer without a container per element.
    mutating func write<Element: WireObject>(_ key: StaticString, _ elements: [Element]) throws {
        try writeList(key, elements) { writer, element, depth in try writer.write(element, depth: depth, key: nil) }
    }

    /// A list of shapes written before: each unchanged one is its remembered bytes.
    mutating func write<Element: RememberedWireObject>(_ key: StaticString, _ elements: [Element]) throws {
        try writeList(key, elements) { writer, element, depth in
            if let known = Element.written.value(for: element.rememberedID), known.shape == element { return writer.writeRaw(known.bytes) }
            let start = writer.bytes.count
            // Returns with the element's own containers closed, so these bytes are the whole object.
            try writer.write(element, depth: depth, key: nil)
            Element.written.remember(WrittenShape(shape: element, bytes: Array(writer.bytes[start...])), for: element.rememberedID)
        }
    }

    private mutating func writeList<Element: WireObject>(
        _ key: StaticString, _ elements: [Element], element writeElement: (JSONStreamWriter, Element, Int) throws -> Void
    ) throws {
        guard case .stream(let writer, let level) = target else { return try write(key, Optional(elements)) }
        writer.beginElement(at: level, plainKey: key)
        writer.openContainer(keyed: false)
        for element in elements {
            writer.beginElement(at: level + 1)
            try writeElement(writer, element, level + 2)
        }
        writer.close(downTo: level + 1)
    }

    /// Leaves the key out when the value is absent.
    mutating func writeIfPresent(_ key: StaticString, _ value: (some Encodable)?) throws {
        guard let value else { return }
        try write(key, value)
    }
}

/// A shape that lists send again and again unchanged, as a client polling its history gets the
/// same tasks: the JSON written for each is remembered by its id and reused while the shape is
/// equal, which costs a comparison instead of writing some twenty fields.
/// Anything that changes what would be written (a state, a result, the signing window of its
/// URLs) makes the shape unequal, and it is written again.
protocol RememberedWireObject: WireObject, Equatable, Sendable {
    var rememberedID: UUID { get }
    static var written: BoundedMemo<UUID, WrittenShape<Self>> { get }
}

struct WrittenShape<Shape: Sendable>: Sendable {
    let shape: Shape
    let bytes: [UInt8]
}
