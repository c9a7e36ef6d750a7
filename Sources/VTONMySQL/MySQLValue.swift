import Foundation

/// A bound parameter as the client library sends it.
public enum MySQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])
}

/// How Swift values are stored: UUIDs as their 36-character text, dates as UTC `DATETIME(6)`
/// text, booleans as 0 and 1, anything structured as JSON text.
enum MySQLValueEncoding {
    static func value(of encodable: any Encodable) throws -> MySQLValue {
        if let optional = encodable as? any OptionalEncodable {
            guard let wrapped = optional.wrappedEncodable else { return .null }
            return try value(of: wrapped)
        }
        switch encodable {
        case let value as String: return .text(value)
        case let value as UUID: return .text(value.uuidString)
        case let value as Date: return .text(MySQLDateText.format(value))
        case let value as Bool: return .int(value ? 1 : 0)
        case let value as Int: return .int(Int64(value))
        case let value as Int64: return .int(value)
        case let value as Int32: return .int(Int64(value))
        case let value as Double: return .double(value)
        case let value as Float: return .double(Double(value))
        case let value as Data: return .bytes([UInt8](value))
        case let value as [UInt8]: return .bytes(value)
        default:
            // Raw-value enums and other single values as what they encode to; structures as JSON.
            let json = try JSONEncoder().encode(encodable)
            let text = String(decoding: json, as: UTF8.self)
            switch json.first ?? 0 {
            case UInt8(ascii: "\""): return .text(try JSONDecoder().decode(String.self, from: json))
            case UInt8(ascii: "n"): return .null
            case UInt8(ascii: "t"): return .int(1)
            case UInt8(ascii: "f"): return .int(0)
            case UInt8(ascii: "{"), UInt8(ascii: "["): return .text(text)
            default: return Int64(text).map(MySQLValue.int) ?? Double(text).map(MySQLValue.double) ?? .text(text)
            }
        }
    }
}

/// Looks inside an `Optional` held as `any Encodable`.
private protocol OptionalEncodable {
    var wrappedEncodable: (any Encodable)? { get }
}

extension Optional: OptionalEncodable where Wrapped: Encodable {
    fileprivate var wrappedEncodable: (any Encodable)? { self }
}

/// `DATETIME(6)` text in UTC (the sessions run with `time_zone = '+00:00'`), both ways, by
/// arithmetic: a formatter per value would cost more than the query.
enum MySQLDateText {
    static func format(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var seconds = Int64((micros / 1_000_000).rounded(.down))
        let fraction = Int64(micros) - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        seconds -= days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var micro = String(fraction)
        micro = String(repeating: "0", count: 6 - micro.count) + micro
        return "\(year)-\(two(month))-\(two(day)) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(micro)"
    }

    /// `YYYY-MM-DD[ HH:MM:SS[.ffffff]]`.
    static func parse(_ bytes: ArraySlice<UInt8>) -> Date? {
        var digits = bytes.makeIterator()
        func number(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let byte = digits.next(), byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard let year = number(4), digits.next() == 45, let month = number(2), digits.next() == 45, let day = number(2) else { return nil }
        var seconds = days(year: year, month: month, day: day) * 86_400
        var micros: Int64 = 0
        if digits.next() != nil {
            guard let hour = number(2), digits.next() == 58, let minute = number(2), digits.next() == 58, let second = number(2) else {
                return nil
            }
            seconds += hour * 3600 + minute * 60 + second
            if digits.next() == 46 {
                var scale: Int64 = 100_000
                while let byte = digits.next(), byte >= 48, byte <= 57 {
                    micros += Int64(byte - 48) * scale
                    scale /= 10
                }
            }
        }
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    // Howard Hinnant's days-from-civil and its inverse.
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays value: Int64) -> (Int64, Int64, Int64) {
        let z = value + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
