import FluentSQLiteDriver
import Foundation
import SQLKit

/// The columns of one row of a task read, one by one by name. On SQLite they come straight
/// from SQLiteNIO's values: SQLKit's rows run a `Decoder` per column, which a profile of
/// `GET /api/v1/images` found the largest cost of a list (bench/README.md, issue 20). One
/// concrete type for both sources, so that the reads of each column are specialised rather
/// than dispatched.
struct RowColumns {
    private enum Source {
        case sqlite(SQLiteColumnCursor)
        case sql(any SQLRow)
    }

    private let source: Source

    init(_ row: SQLiteRow) { source = .sqlite(SQLiteColumnCursor(row.columns)) }
    init(_ row: any SQLRow) { source = .sql(row) }

    func optional<Value: ColumnValue>(_ column: String, as type: Value.Type) throws -> Value? {
        switch source {
        case .sqlite(let cursor):
            guard let data = cursor.data(column) else { throw ColumnError(column: column, problem: "is not in the row") }
            if case .null = data { return nil }
            guard let value = Value(sqlite: data) else { throw ColumnError(column: column, problem: "holds \(data), not a \(Value.self)") }
            return value
        case .sql(let row):
            return try row.decode(column: column, as: Value?.self)
        }
    }

    func value<Value: ColumnValue>(_ column: String, as type: Value.Type) throws -> Value {
        guard let value = try optional(column, as: type) else { throw ColumnError(column: column, problem: "is NULL") }
        return value
    }
}

/// A row's columns in the statement's order, found by name from the one after the last read,
/// then from the first: the readers ask for them in the table's order, so a lookup is one
/// comparison, or a few past the columns a reader skips. SQLiteNIO's own lookup by name hashed
/// the name each time, a twentieth of a list's CPU.
private final class SQLiteColumnCursor {
    private let columns: [SQLiteColumn]
    private var next = 0

    init(_ columns: [SQLiteColumn]) { self.columns = columns }

    func data(_ name: String) -> SQLiteData? {
        guard let index = columns[next...].firstIndex(where: { $0.name == name }) ?? columns[..<next].firstIndex(where: { $0.name == name })
        else { return nil }
        next = index + 1 == columns.count ? 0 : index + 1
        return columns[index].data
    }
}

struct ColumnError: Error, CustomStringConvertible {
    let column: String
    let problem: String
    var description: String { "column \(column) \(problem)" }
}

/// A type a column holds, as the writes store it (SQLKit's encoders): UUIDs as text, dates as
/// seconds since 1970.
protocol ColumnValue: Decodable {
    init?(sqlite: SQLiteData)
}

extension String: ColumnValue {
    init?(sqlite: SQLiteData) { self.init(sqliteData: sqlite) }
}

extension Int: ColumnValue {
    init?(sqlite: SQLiteData) { self.init(sqliteData: sqlite) }
}

extension Bool: ColumnValue {
    init?(sqlite: SQLiteData) { self.init(sqliteData: sqlite) }
}

extension Date: ColumnValue {
    init?(sqlite: SQLiteData) { self.init(sqliteData: sqlite) }
}

extension UUID: ColumnValue {
    init?(sqlite: SQLiteData) {
        guard case .text(let text) = sqlite, let uuid = UUID(canonicalText: text) else { return nil }
        self = uuid
    }

    /// `UUID(uuidString:)` for the 36-character form, digit by digit: Foundation's runs `sscanf`
    /// on every call, which was a fifth of reading a page of tasks.
    init?(canonicalText text: String) {
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var text = text
        let parsed = text.withUTF8 { utf8 in
            withUnsafeMutableBytes(of: &uuid) { bytes in
                guard utf8.count == 36 else { return false }
                var position = 0
                for index in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        guard utf8[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = nibble(utf8[position]), let low = nibble(utf8[position + 1]) else { return false }
                    bytes[index] = high << 4 | low
                    position += 2
                }
                return true
            }
        }
        guard parsed else { return nil }
        self.init(uuid: uuid)
    }
}
