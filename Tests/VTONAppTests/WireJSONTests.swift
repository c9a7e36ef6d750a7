import Foundation
import Testing

@testable import VTONApp

struct WireJSONTests {
    @Test func timestampsMatchFoundationsRFC3339() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        // Fractions exact in binary: Foundation truncates the float error of others a millisecond low.
        for seconds in [0, 1_764_410_400.125, 951_782_400.5, 4_102_444_799.75, 1_000_000_000.0625] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(WireJSON.timestamp(date) == date.formatted(style), "\(seconds)")
        }
        #expect(WireJSON.timestamp(Date(timeIntervalSince1970: 1_764_410_400.123)) == "2025-11-29T10:00:00.123Z")
    }

    @Test func keysAreSnakeCasedAsFoundationDoes() throws {
        struct Sample: Encodable {
            let taskID = 1
            let costUsd = 2
            let myURLProperty = 3
            let createdAt = 4
            let plain = 5
            let apiKey = 6
        }
        let ours = try JSONSerialization.jsonObject(with: WireJSON.encoder.encode(Sample())) as? [String: Int]
        let foundation = JSONEncoder()
        foundation.keyEncodingStrategy = .convertToSnakeCase
        let theirs = try JSONSerialization.jsonObject(with: foundation.encode(Sample())) as? [String: Int]
        #expect(ours == theirs)
        #expect(ours?["task_id"] == 1)
    }
}
