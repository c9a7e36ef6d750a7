import Foundation
import Testing
import VTONDomain

@testable import VTONApp

struct WireJSONTests {
    @Test func timestampsMatchFoundationsRFC3339() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        // Fractions exact in binary: Foundation truncates the float error of others a millisecond low.
        for seconds in [0, 1_764_410_400.125, 951_782_400.5, 4_102_444_799.75, 1_000_000_000.0625] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(try WireJSON.string([date]) == "[\"\(date.formatted(style))\"]", "\(seconds)")
        }
        #expect(try WireJSON.string([Date(timeIntervalSince1970: 1_764_410_400.123)]) == "[\"2025-11-29T10:00:00.123Z\"]")
        #expect(try WireJSON.string([Date(timeIntervalSince1970: -0.25)]) == "[\"1969-12-31T23:59:59.750Z\"]")
    }

    @Test func uuidsAreWrittenAsTheirUUIDString() throws {
        for uuid in [UUID(), UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xAB, 0xCD, 0xEF, 0xFF))] {
            #expect(try WireJSON.string([uuid]) == "[\"\(uuid.uuidString)\"]")
        }
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
        let ours = try JSONSerialization.jsonObject(with: Data(WireJSON.encode(Sample()))) as? [String: Int]
        let foundation = JSONEncoder()
        foundation.keyEncodingStrategy = .convertToSnakeCase
        let theirs = try JSONSerialization.jsonObject(with: foundation.encode(Sample())) as? [String: Int]
        #expect(ours == theirs)
        #expect(ours?["task_id"] == 1)
    }

    /// The streaming encoder must say what Foundation's would, whatever shape the value has.
    @Test func streamingOutputMeansWhatFoundationsDoes() throws {
        let value = Nested.sample
        let ours = try JSONSerialization.jsonObject(with: Data(WireJSON.encode(value))) as? NSDictionary
        let foundation = JSONEncoder()
        foundation.keyEncodingStrategy = .convertToSnakeCase
        foundation.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let theirs = try JSONSerialization.jsonObject(with: foundation.encode(value)) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == theirs)
    }

    @Test func scalarsAreWrittenAsFoundationWritesThem() throws {
        let numbers: [Double] = [1.0, 6.7, 0.1, -0.5, 1234567.25, 0]
        let text = "quote \" backslash \\ slash / tab \t newline \n bell \u{07} 中文 é"
        #expect(try WireJSON.string(numbers) == String(decoding: JSONEncoder().encode(numbers), as: UTF8.self))
        let foundation = JSONEncoder()
        foundation.outputFormatting = .withoutEscapingSlashes
        #expect(try WireJSON.string([text]) == String(decoding: try foundation.encode([text]), as: UTF8.self))
        #expect(throws: EncodingError.self) { try WireJSON.encode([Double.nan]) }
        #expect(try WireJSON.string(Empty()) == "{}")
        #expect(try WireJSON.string([Empty(), Empty()]) == "[{},{}]")
    }

    /// A task listed again is its remembered bytes only while nothing it would write has changed.
    @Test func rememberedTasksAreWrittenAgainWhenTheyChange() throws {
        let signer = URLSigner(secret: "test-secret", lifetime: 3600)
        let spec = try GenerationSpec.validate(GenerationDraft(prompt: "a coat \"quoted\""), defaultModel: "gemini-3-pro-image")
        // A fraction exact in binary, which Foundation's formatter does not round a millisecond low.
        let createdAt = Date(timeIntervalSince1970: 1_764_410_400.125)
        var task = ImageTask(userID: UUID(), spec: spec, referenceFileIDs: [], createdAt: createdAt)
        let other = ImageTask(userID: task.userID, spec: spec, referenceFileIDs: [], createdAt: createdAt)
        func listed() throws -> (text: String, parsed: [[String: Any]]) {
            let bytes = try WireJSON.encode(TaskListDTO(tasks: [TaskDTO(task, signer: signer), TaskDTO(other, signer: signer)], total: 2))
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            return (String(decoding: bytes, as: UTF8.self), try #require(parsed["tasks"] as? [[String: Any]]))
        }
        let first = try listed()
        let again = try listed()
        #expect(again.text == first.text)
        #expect(first.parsed.map { $0["status"] as? String } == ["queued", "queued"])
        #expect(first.parsed.first?["prompt"] as? String == "a coat \"quoted\"")

        task.status = .succeeded
        task.attempts = 1
        task.result = TaskResult(images: [ResultImage(fileID: UUID(), width: 1024, height: 1024, mimeType: "image/png")], text: nil)
        let changed = try listed()
        #expect(changed.parsed.first?["status"] as? String == "succeeded")
        #expect(changed.parsed.first?["attempts"] as? Int == 1)
        let images = try #require((changed.parsed.first?["result"] as? [String: Any])?["images"] as? [[String: Any]])
        #expect(images.first?["width"] as? Int == 1024)
        #expect(changed.parsed.last?["status"] as? String == "queued")
        // Through a keyed container (Foundation's encoder) the same list says the same.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let foundation = try JSONSerialization.jsonObject(
            with: encoder.encode(TaskListDTO(tasks: [TaskDTO(task, signer: signer), TaskDTO(other, signer: signer)], total: 2)))
        #expect(foundation as? NSDictionary == (try JSONSerialization.jsonObject(with: Data(changed.text.utf8)) as? NSDictionary))
    }

    /// A wire shape written field by field says the same through WireJSON's buffer and through
    /// any other encoder's keyed container.
    @Test func wireObjectsWriteTheSameThroughEitherPath() throws {
        let value = Shape(
            name: "quote \" and 中文", missing: nil, count: 3, absentCount: nil, flag: true, ratio: 6.7,
            at: Date(timeIntervalSince1970: 1_764_410_400.125), id: UUID(), absentID: nil,
            children: [Shape.Child(label: "a"), Shape.Child(label: nil)])
        let ours = String(decoding: try WireJSON.encode(value), as: UTF8.self)
        #expect(ours.hasPrefix("{\"name\":\"quote \\\" and 中文\",\"missing\":null,\"count\":3,\"absent_count\":null,\"flag\":true,"))
        #expect(ours.hasSuffix("\"children\":[{\"label\":\"a\"},{}],\"no_children\":[]}"))
        let foundation = JSONEncoder()
        foundation.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let theirs = try JSONSerialization.jsonObject(with: foundation.encode(value)) as? NSDictionary
        #expect(theirs != nil)
        #expect(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? NSDictionary == theirs)
    }

    private struct Shape: WireObject {
        struct Child: WireObject {
            let label: String?
            func write(to fields: inout WireFields) throws { try fields.writeIfPresent("label", label) }
        }
        let name: String
        let missing: String?
        let count: Int
        let absentCount: Int?
        let flag: Bool
        let ratio: Double
        let at: Date
        let id: UUID
        let absentID: UUID?
        let children: [Child]
        var noChildren: [Child] = []

        func write(to fields: inout WireFields) throws {
            try fields.write("name", name)
            try fields.write("missing", missing)
            try fields.write("count", count)
            try fields.write("absent_count", absentCount)
            try fields.write("flag", flag)
            try fields.write("ratio", ratio)
            try fields.write("at", at)
            try fields.write("id", id)
            try fields.write("absent_id", absentID)
            try fields.write("children", children)
            try fields.write("no_children", noChildren)
        }
    }

    private struct Empty: Encodable {}

    private struct Nested: Encodable {
        struct Item: Encodable {
            let itemID: Int
            let label: String?
            let tags: [String]
        }
        /// Writes through every kind of container, asks for its keyed container twice and
        /// nests containers without a value type in between.
        struct Manual: Encodable {
            enum Keys: String, CodingKey { case first, nestedList, nestedObject, explicitNull, second }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .first)
                var list = container.nestedUnkeyedContainer(forKey: .nestedList)
                try list.encode("a")
                var inner = list.nestedContainer(keyedBy: Keys.self)
                try inner.encode(true, forKey: .first)
                try list.encodeNil()
                var object = container.nestedContainer(keyedBy: Keys.self, forKey: .nestedObject)
                try object.encode(2.5, forKey: .first)
                try container.encodeNil(forKey: .explicitNull)
                var again = encoder.container(keyedBy: Keys.self)
                try again.encode("after", forKey: .second)
            }
        }
        struct Wrapper: Encodable {
            let inner: Item
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(inner)
            }
        }
        let createdAt: Date
        let items: [Item]
        let emptyItems: [Item]
        let byName: [String: Int]
        let missing: String?
        let manual: Manual
        let wrapped: Wrapper
        let matrix: [[Int]]
        let costUSD: Double
        let fileID: UUID

        static let sample = Nested(
            createdAt: Date(timeIntervalSince1970: 1_764_410_400.125),
            items: [Item(itemID: 1, label: "one", tags: ["x", "y"]), Item(itemID: 2, label: nil, tags: [])],
            emptyItems: [], byName: ["alpha": 1, "beta": 2], missing: nil, manual: Manual(),
            wrapped: Wrapper(inner: Item(itemID: 3, label: "w", tags: ["z"])), matrix: [[1, 2], [], [3]], costUSD: 6.7,
            fileID: UUID(uuidString: "25BB1F65-AB1B-4671-B761-FD08507819B6")!)
    }
}
