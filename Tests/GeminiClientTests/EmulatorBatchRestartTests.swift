import Foundation
import GeminiClient
import GeminiEmulator
import Testing

/// Batches and their files live in the emulator's data directory: a batch created before a
/// restart keeps its id, follows its clock from its creation time and ends with its results.
struct EmulatorBatchRestartTests {
    @Test func batchesSurviveARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = EmulatorConfiguration(batchPhaseSeconds: 0.5, dataDirectory: directory)
        let requests = [("one", EmulatorHarness.request("a red kite")), ("two", EmulatorHarness.request("[[fail:400]] a blue kite"))]

        let names = Names()
        try await EmulatorHarness.run(configuration) { emulator in
            await names.set(
                inline: try await emulator.client.createBatch(
                    model: "gemini-3-pro-image", displayName: "inline", requests: requests, expectedResultBytes: 0
                ).name)
        }
        // A one-byte inline limit sends the requests as an uploaded JSONL file, and results come back as a file.
        try await EmulatorHarness.run(configuration, inlineBatchLimit: 1) { emulator in
            await names.set(
                file: try await emulator.client.createBatch(
                    model: "gemini-3.1-flash-image", displayName: "file", requests: requests, expectedResultBytes: 0
                ).name)
        }

        try await EmulatorHarness.run(configuration) { emulator in
            for name in [await names.inline, await names.file] {
                var job = try await emulator.client.getBatch(name)
                #expect(job.name == name)
                let deadline = ContinuousClock.now + .seconds(60)
                while !job.state.isTerminal, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    job = try await emulator.client.getBatch(name)
                }
                #expect(job.state == .succeeded)
                #expect(job.requestCount == 2 && job.succeededCount == 1 && job.failedCount == 1)
                let results = Results()
                try await emulator.client.forEachResult(of: job) { await results.add($0) }
                let byKey = await results.byKey
                #expect(Set(byKey.keys) == ["one", "two"])
                guard case .success(let reply) = byKey["one"], case .images(let images, _) = reply.outcome else {
                    Issue.record("\(name): no image for one: \(String(describing: byKey["one"]))")
                    continue
                }
                #expect(images.first?.mimeType == "image/jpeg")
                guard case .failure(.http(400, _, _, _)) = byKey["two"] else {
                    Issue.record("\(name): two did not fail with 400: \(String(describing: byKey["two"]))")
                    continue
                }
            }
        }
    }

    actor Names {
        var inline = ""
        var file = ""
        func set(inline: String) { self.inline = inline }
        func set(file: String) { self.file = file }
    }

    actor Results {
        var byKey: [String: Result<GenerationReply, GeminiError>] = [:]
        func add(_ item: BatchItemResult) { byKey[item.key] = item.outcome }
    }
}
