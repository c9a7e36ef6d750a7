import Logging
import Synchronization
import Testing

@testable import VTONApp

struct LineLogHandlerTests {
    final class Written: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func oneLinePerRecordWithTheMergedMetadataInKeyOrder() throws {
        let written = Written()
        var logger = Logger(label: "vton.test") { label in
            // As in swift-log: the provider overrides the logger's metadata, a record's own overrides both.
            LineLogHandler(label: label, metadataProvider: .init { ["trace": "t1", "route": "provided"] }, write: written.append)
        }
        logger[metadataKey: "request_id"] = "r1"
        logger[metadataKey: "route"] = "own"
        logger.debug("below the level")
        logger.info("GET /x 200", metadata: ["route": "/x"])
        logger[metadataKey: "request_id"] = nil
        logger.error("no id now")

        let lines = written.all
        try #require(lines.count == 2, "\(lines)")
        let stamp = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/
        #expect(lines.allSatisfy { $0.prefixMatch(of: stamp)?.output.count == 24 }, "\(lines)")
        #expect(lines[0].dropFirst(24) == " info vton.test : request_id=r1 route=/x trace=t1 [VTONAppTests] GET /x 200\n")
        #expect(lines[1].dropFirst(24) == " error vton.test : route=provided trace=t1 [VTONAppTests] no id now\n")
    }

    @Test func metadataAndLevelBelongToEachCopy() {
        let written = Written()
        var first = Logger(label: "a") { LineLogHandler(label: $0, write: written.append) }
        first[metadataKey: "socket"] = "1"
        var second = first
        second[metadataKey: "socket"] = "2"
        second.logLevel = .error
        first.info("from first")
        second.info("dropped")
        second.error("from second")
        #expect(
            written.all.map { $0.dropFirst(24) } == [
                " info a : socket=1 [VTONAppTests] from first\n", " error a : socket=2 [VTONAppTests] from second\n",
            ])
    }
}
