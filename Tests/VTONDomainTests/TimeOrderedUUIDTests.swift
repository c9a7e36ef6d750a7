import Foundation
import Testing
import VTONDomain

struct TimeOrderedUUIDTests {
    @Test func carriesVersionVariantAndTheMillisecond() throws {
        let date = Date(timeIntervalSince1970: 1_796_521_500.123)
        let id = UUID.timeOrdered(at: date)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7, "version")
        #expect(bytes[8] >> 6 == 0b10, "variant")
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_796_521_500_123)
        // The text form starts with the time in hexadecimal, so text order is time order too.
        #expect(id.uuidString.hasPrefix("01A24906-9DDB-7"))
    }

    @Test func laterIdsSortAfterEarlierOnesAndNeverRepeat() {
        let start = Date()
        let ids = (0..<10_000).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0 / 100) / 1000)) }
        #expect(Set(ids).count == ids.count)
        #expect(zip(ids, ids.dropFirst(100)).allSatisfy { $0.uuidString < $1.uuidString })
    }
}
