import Logging
import Testing

@testable import VTONApp

/// What a worker says about itself: the owner name its leases carry, so the tasks a dead
/// process held can be traced to it (Tests/cluster reads it from each worker's log).
struct TaskWorkerLogTests {
    @Test func aStartingWorkerNamesTheOwnerOfItsLeases() async throws {
        let harness = ServiceHarness()
        let written = LineLogHandlerTests.Written()
        let logger = Logger(label: "test.worker") { LineLogHandler(label: $0, write: written.append) }
        let worker = harness.worker(ScriptedImageGenerator([.failure(.timeout)]), logger: logger)
        let running = Task { try await worker.run() }
        let line = try await eventually { written.all.first { $0.contains("worker started") } }
        running.cancel()
        try? await running.value
        #expect(line?.contains("owner=\(worker.configuration.owner) ") == true, "\(String(describing: line))")
    }
}
