import Foundation
import SQLKit

/// One row of a result, read by column name. Every cell arrives as text (or bytes), and is
/// turned into the type asked for here, as the writes stored it (`MySQLValueEncoding`).
public struct MySQLRow: SQLRow, Sendable {
    let columns: MySQLColumns
    let cells: [[UInt8]?]

    public var allColumns: [String] { columns.names }

    public func contains(column: String) -> Bool { columns.index[column] != nil }

    func cell(_ column: String) throws -> [UInt8]? {
        guard let position = columns.index[column] else {
            throw DecodingError.keyNotFound(
                MySQLCodingKey(column), .init(codingPath: [], debugDescription: "no column \(column) in \(columns.names)"))
        }
        return cells[position]
    }

    public func decodeNil(column: String) throws -> Bool { try cell(column) == nil }

    public func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        try MySQLCellDecoder(cell: try cell(column), column: column).decode(D.self)
    }
}

struct MySQLCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Decodes one cell: the common types directly, `Optional` and raw-value enums through a
/// single-value container, anything else (asking for a keyed or unkeyed container) as JSON text.
struct MySQLCellDecoder: Decoder, SingleValueDecodingContainer {
    let cell: [UInt8]?
    let column: String
    var codingPath: [any CodingKey] { [MySQLCodingKey(column)] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw mismatch(Key.self, "an object in a column is read as JSON only through decode(_:)")
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw mismatch(Array<Never>.self, "a list in a column is read as JSON only through decode(_:)")
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { cell == nil }

    private func bytes() throws -> [UInt8] {
        guard let cell else { throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "NULL")) }
        return cell
    }

    private func text() throws -> String { String(decoding: try bytes(), as: UTF8.self) }

    private func mismatch(_ type: Any.Type, _ why: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "column \(column): \(why)"))
    }

    private func integer() throws -> Int64 {
        let text = try text()
        if let value = Int64(text) { return value }
        // DECIMAL results (SUM) arrive as "12.00"-like text when they carry a scale.
        let parts = text.split(separator: ".", maxSplits: 1)
        if parts.count == 2, parts[1].allSatisfy({ $0 == "0" }), let value = Int64(parts[0]) { return value }
        throw mismatch(Int64.self, "\"\(text)\" is not a whole number")
    }

    func decode(_ type: String.Type) throws -> String { try text() }
    func decode(_ type: Bool.Type) throws -> Bool {
        switch try text() {
        case "1", "true": return true
        case "0", "false": return false
        case let other: throw mismatch(Bool.self, "\"\(other)\" is not a boolean")
        }
    }
    func decode(_ type: Double.Type) throws -> Double {
        guard let value = Double(try text()) else { throw mismatch(Double.self, "not a number") }
        return value
    }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { Int(try integer()) }
    func decode(_ type: Int8.Type) throws -> Int8 { Int8(try integer()) }
    func decode(_ type: Int16.Type) throws -> Int16 { Int16(try integer()) }
    func decode(_ type: Int32.Type) throws -> Int32 { Int32(try integer()) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { UInt(try integer()) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { UInt8(try integer()) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { UInt16(try integer()) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { UInt32(try integer()) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { UInt64(bitPattern: try integer()) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return try text() as! T
        case is Int.Type: return try decode(Int.self) as! T
        case is Int64.Type: return try integer() as! T
        case is Bool.Type: return try decode(Bool.self) as! T
        case is Double.Type: return try decode(Double.self) as! T
        case is Date.Type:
            guard let date = MySQLDateText.parse(try bytes()[...]) else { throw mismatch(Date.self, "\"\(try text())\" is not a time") }
            return date as! T
        case is UUID.Type:
            guard let uuid = UUID(uuidString: try text()) else { throw mismatch(UUID.self, "\"\(try text())\" is not a UUID") }
            return uuid as! T
        case is Data.Type: return Data(try bytes()) as! T
        case is [UInt8].Type: return try bytes() as! T
        default:
            do {
                return try T(from: self)
            } catch let error as DecodingError {
                guard let cell, let value = try? JSONDecoder().decode(T.self, from: Data(cell)) else { throw error }
                return value
            }
        }
    }
}
