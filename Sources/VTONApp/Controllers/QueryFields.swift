import Foundation
import Hummingbird
import HummingbirdCore
import VTONDomain

/// Query-string values read with the field named in any 422.
enum QueryFields {
    static func integer(_ raw: String?, field: String, range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let raw, !raw.isEmpty else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw APIError.validation(ValidationError(field: field, "must be a whole number in \(range.lowerBound)…\(range.upperBound)"))
        }
        return number
    }

    static func boolean(_ raw: String?, field: String) throws -> Bool? {
        switch raw {
        case nil, "": nil
        case "true", "1": true
        case "false", "0": false
        case let other?: throw APIError.validation(ValidationError(field: field, "\"\(other)\" is not true or false"))
        }
    }

    static func uuid(_ raw: String?, field: String) throws -> UUID {
        guard let raw, !raw.isEmpty else { throw APIError.validation(ValidationError(field: field, "\(field) is required")) }
        guard let id = UUID(uuidString: raw) else { throw APIError.validation(ValidationError(field: field, "\"\(raw)\" is not an id")) }
        return id
    }

    /// `page` (from 1) and `page_size` (1–100), the admin lists' paging.
    static func page(_ query: FlatDictionary<Substring, Substring>) throws -> (page: Int, size: Int) {
        (
            try integer(query.get("page"), field: "page", range: 1...1_000_000, default: 1),
            try integer(query.get("page_size"), field: "page_size", range: 1...100, default: 10)
        )
    }

    /// RFC 3339 (`2026-11-29T10:00:00Z`, fractions allowed) or seconds since 1970.
    static func time(_ raw: String?, field: String) throws -> Date? {
        guard let raw, !raw.isEmpty else { return nil }
        if let seconds = Double(raw) { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date(raw, strategy: .iso8601) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(raw) { return date }
        throw APIError.validation(ValidationError(field: field, "\"\(raw)\" is not an RFC 3339 time or a Unix timestamp"))
    }
}
