import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Times as the wire and the logs write them: RFC 3339 in UTC with milliseconds
/// (`2026-12-05T20:01:02.123Z`), digit by digit: every task in every list has three of these,
/// and Foundation's formatter cost more than the rest of the encoding.
enum RFC3339 {
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t((milliseconds >= 0 ? milliseconds : milliseconds - 999) / 1000)
        var time = tm()
        gmtime_r(&seconds, &time)
        func digits(_ value: Int32, _ width: Int, then separator: Unicode.Scalar) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
            bytes.append(UInt8(ascii: separator))
        }
        digits(time.tm_year + 1900, 4, then: "-")
        digits(time.tm_mon + 1, 2, then: "-")
        digits(time.tm_mday, 2, then: "T")
        digits(time.tm_hour, 2, then: ":")
        digits(time.tm_min, 2, then: ":")
        digits(time.tm_sec, 2, then: ".")
        digits(Int32(milliseconds - Int64(seconds) * 1000), 3, then: "Z")
    }

    static func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
