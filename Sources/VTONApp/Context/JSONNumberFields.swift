import Foundation

/// Foundation's JSONDecoder on Linux reports a number its field cannot hold (`1e300` or `1.5`
/// for an `Int`, more digits than an `Int` has) as "not valid JSON", naming no field. This
/// finds the field: the numbers that could be the cause are tried one at a time, every other
/// one written as 0, until decoding fails on that one alone.
enum JSONNumberFields {
    struct Number {
        let field: String
        let bytes: Range<Int>
    }

    /// Each try decodes the whole body again, so a body full of odd numbers costs a bounded few.
    static let maxSuspects = 8

    /// The field and text of the first number its field cannot hold, or nil when some other
    /// fault (or none that a number explains) stops decoding.
    static func unfit<T: Decodable>(_ type: T.Type, in data: Data) -> (field: String, text: String)? {
        let bytes = [UInt8](data)
        guard let numbers = Self.numbers(in: bytes) else { return nil }
        let suspects = Array(numbers.filter { isSuspect(bytes[$0.bytes]) }.prefix(maxSuspects))
        guard !suspects.isEmpty, !failsWithoutField(type, zeroing(suspects, in: bytes)) else { return nil }
        // With one suspect the zeroed body has already shown it; with more, each is tried alone.
        let culprit =
            suspects.count == 1
            ? suspects.first
            : suspects.first { suspect in failsWithoutField(type, zeroing(suspects.filter { $0.bytes != suspect.bytes }, in: bytes)) }
        return culprit.map { ($0.field, String(decoding: bytes[$0.bytes].prefix(32), as: UTF8.self)) }
    }

    static func failsWithoutField<T: Decodable>(_ type: T.Type, _ data: Data) -> Bool {
        do {
            _ = try JSONDecoder().decode(type, from: data)
            return false
        } catch DecodingError.dataCorrupted(let context) {
            return context.codingPath.isEmpty
        } catch {
            return false
        }
    }

    /// Whole numbers of up to 18 digits fit every numeric field; anything else might not.
    private static func isSuspect(_ text: ArraySlice<UInt8>) -> Bool {
        text.contains { [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains($0) }
            || text.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count > 18
    }

    private static func zeroing(_ numbers: [Number], in bytes: [UInt8]) -> Data {
        var result = Data(capacity: bytes.count)
        var cursor = 0
        for number in numbers {
            result.append(contentsOf: bytes[cursor..<number.bytes.lowerBound])
            result.append(UInt8(ascii: "0"))
            cursor = number.bytes.upperBound
        }
        result.append(contentsOf: bytes[cursor...])
        return result
    }

    private enum Container {
        case object(key: String)
        case array(index: Int)
    }

    /// Every number outside strings, in document order, with the field it is the value of; nil
    /// when brackets do not balance.
    static func numbers(in bytes: [UInt8]) -> [Number]? {
        var open: [Container] = []
        var found: [Number] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                open.append(.object(key: ""))
                expectingKey = true
            case UInt8(ascii: "["):
                open.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard open.popLast() != nil else { return nil }
            case UInt8(ascii: ","):
                if case .array(let position) = open.last { open[open.count - 1] = .array(index: position + 1) } else { expectingKey = true }
            case UInt8(ascii: ":"):
                expectingKey = false
            case UInt8(ascii: "\""):
                guard let end = stringEnd(bytes, from: index) else { return nil }
                if expectingKey, case .object = open.last { open[open.count - 1] = .object(key: key(bytes[index...end])) }
                index = end
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index + 1 < bytes.count, isNumberByte(bytes[index + 1]) { index += 1 }
                found.append(Number(field: field(open), bytes: start..<(index + 1)))
            default:
                break
            }
            index += 1
        }
        return open.isEmpty ? found : nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(byte)
    }

    /// The index of the quote that closes the string opened at `start`.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "\"") { return index }
            index += 1
        }
        return nil
    }

    private static func key(_ quoted: ArraySlice<UInt8>) -> String {
        (try? JSONDecoder().decode(String.self, from: Data(quoted))) ?? String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
    }

    /// The same naming as `JSONRequestDecoder.fieldName`: `tryon.garment_images[1]`.
    private static func field(_ open: [Container]) -> String {
        open.reduce(into: "") { name, container in
            switch container {
            case .object(let key): name += name.isEmpty ? key : ".\(key)"
            case .array(let index): name += "[\(index)]"
            }
        }
    }
}
