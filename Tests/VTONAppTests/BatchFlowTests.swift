import FluentKit
import Foundation
import GeminiEmulator
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VTONDomain

@testable import VTONApp
@testable import VTONPersistence

/// The seed's batch flow against the emulator's Batch API: create, watch every state,
/// collect one image per prompt, at half price.
@Suite(.timeLimit(.minutes(2)))
struct BatchFlowTests {
    nonisolated(unsafe) static let seedBody: [String: Any] = ["prompts": ["生成一只猫", "生成一只狗", "生成一辆车"], "aspect_ratio": "1:1", "resolution": "1K"]

    func waitForState(_ server: TestServer, _ name: String, token: String, _ done: Set<String>) async throws -> [String: Any] {
        let reached = try await eventually(within: .seconds(30)) {
            let status = try await server.request(.get, "/api/v1/images/batch/\(name)/status", token: token).json
            return (status["state"] as? String).flatMap { done.contains($0) ? status : nil }
        }
        guard let reached else {
            Issue.record("batch \(name) never reached \(done)")
            return [:]
        }
        return reached
    }

    @Test func seedFlowPassesEveryStateAndReturnsOneImagePerPrompt() async throws {
        // Phases long enough that a status poll every 40 ms cannot miss RUNNING on a busy machine.
        try await TestServer.run(configure: { configuration, _ in configuration.emulatorBatchSeconds = 1.5 }) { server in
            let token = try await server.login()
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: Self.seedBody, token: token)
            #expect(created.status == .created)
            #expect(created.json["task_count"] as? Int == 3)
            #expect(created.json["status"] as? String == "queued")
            #expect(created.json["estimated_completion_hours"] as? Int == 24)
            let name = try #require(created.json["batch_name"] as? String)
            let id = try #require(created.json["batch_id"] as? String)
            #expect(name.hasPrefix("batches/"))

            let early = try await server.request(.get, "/api/v1/images/batch/\(id)/results", token: token)
            #expect(early.status == .conflict)
            #expect(early.json["code"] as? String == "BATCH_NOT_FINISHED")

            var seen: [String] = []
            _ = try await eventually(within: .seconds(30), every: .milliseconds(40)) { () async throws -> Bool? in
                let status = try await server.request(.get, "/api/v1/images/batch/\(id)/status", token: token).json
                let state = try #require(status["state"] as? String)
                #expect(status["status"] as? String == state.lowercased())
                if seen.last != state { seen.append(state) }
                return state == "SUCCEEDED" ? true : nil
            }
            #expect(seen == ["PENDING", "RUNNING", "SUCCEEDED"])

            // The three names of one batch: our id, the provider name (raw or encoded) and its last segment.
            let last = String(name.split(separator: "/").last!)
            for reference in [id, name, name.replacingOccurrences(of: "/", with: "%2F"), last] {
                let status = try await server.request(.get, "/api/v1/images/batch/\(reference)/status", token: token)
                #expect(status.status == .ok, "\(reference)")
                #expect(status.json["batch_name"] as? String == name)
            }
            let status = try await server.request(.get, "/api/v1/images/batch/\(name)/status", token: token).json
            #expect(status["completed_count"] as? Int == 3)
            #expect(status["failed_count"] as? Int == 0)
            // The tasks in prompt order: the ids the submission answered, in the same order.
            #expect(status["task_ids"] as? [String] == created.json["task_ids"] as? [String])
            #expect(abs((status["cost_usd"] as? Double ?? 0) - 0.201) < 1e-9)
            #expect(abs((status["saved_usd"] as? Double ?? 0) - 0.201) < 1e-9)

            let results = try await server.request(.get, "/api/v1/images/batch/\(name)/results", token: token).json
            #expect(results["status"] as? String == "success")
            let items = try #require(results["results"] as? [[String: Any]])
            #expect(items.compactMap { $0["task_index"] as? Int } == [0, 1, 2])
            for item in items {
                #expect(item["status"] as? String == "succeeded")
                let images = try #require(item["images"] as? [[String: Any]])
                #expect(images.count == 1)
                #expect(images.first?["width"] as? Int == 1024)
                let download = try await server.request(.get, try #require(images.first?["url"] as? String))
                #expect(try #require(TestServer.imageSize(download.data)) == (1024, 1024))
            }
            let list = try await server.request(.get, "/api/v1/images?limit=10", token: token).json
            let tasks = try #require(list["tasks"] as? [[String: Any]])
            #expect(tasks.count == 3)
            #expect(tasks.allSatisfy { ($0["batch_id"] as? String)?.lowercased() == id.lowercased() && $0["priority"] as? String == "batch" })
            #expect(tasks.allSatisfy { $0["cost_usd"] as? Double == 0.067 })
        }
    }

    @Test func resultsArrivePushedOverTheSocket() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            try await server.socket(token: token) { socket in
                try await socket.ready()
                let created = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["a", "b"]], token: token)
                var waiting = Set((created.json["task_ids"] as? [String] ?? []).map { $0.lowercased() })
                #expect(waiting.count == 2)
                while !waiting.isEmpty, let message = try await socket.next() {
                    if message["status"] as? String == "succeeded", let id = message["task_id"] as? String { waiting.remove(id.lowercased()) }
                }
                #expect(waiting.isEmpty)
            }
        }
    }

    @Test func someRequestsFailWhileTheOthersSucceed() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let body: [String: Any] = ["prompts": ["fine", "[[fail:500]] broken", "[[safety]] blocked", "also fine"]]
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: body, token: token)
            let name = try #require(created.json["batch_name"] as? String)
            let status = try await waitForState(server, name, token: token, ["SUCCEEDED"])
            #expect(status["completed_count"] as? Int == 2)
            #expect(status["failed_count"] as? Int == 2)
            let items = try #require(
                try await server.request(.get, "/api/v1/images/batch/\(name)/results", token: token).json["results"] as? [[String: Any]])
            #expect(items.map { $0["status"] as? String } == ["succeeded", "failed", "failed", "succeeded"])
            #expect((items[1]["error"] as? [String: Any])?["code"] as? String == "PROVIDER_UNAVAILABLE")
            #expect((items[2]["error"] as? [String: Any])?["code"] as? String == "SAFETY_BLOCKED")
        }
    }

    @Test func resultsComeByFileWhenTheInputIsTooBigToInline() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.inlineBatchLimitBytes = 1_000 }) { server in
            let token = try await server.login()
            let body: [String: Any] = ["prompts": ["x", "y", "[[no_image]] z"], "reference_images": [try TestServer.dataURL("person-small.png")]]
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: body, token: token)
            #expect(created.status == .created)
            let name = try #require(created.json["batch_name"] as? String)
            let status = try await waitForState(server, name, token: token, ["SUCCEEDED"])
            #expect(status["completed_count"] as? Int == 2)
            let items = try #require(
                try await server.request(.get, "/api/v1/images/batch/\(name)/results", token: token).json["results"] as? [[String: Any]])
            #expect(items.map { $0["status"] as? String } == ["succeeded", "succeeded", "failed"])
            #expect((items[2]["error"] as? [String: Any])?["code"] as? String == "NO_IMAGE")
        }
    }

    @Test func cancelEndsTheBatchAndItsTasks() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.emulatorBatchSeconds = 30 }) { server in
            let token = try await server.login()
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["a", "b"]], token: token)
            let name = try #require(created.json["batch_name"] as? String)
            let cancelled = try await server.request(.post, "/api/v1/images/batch/\(name)/cancel", token: token)
            #expect(cancelled.status == .ok)
            #expect(cancelled.json["state"] as? String == "CANCELLED")
            for id in created.json["task_ids"] as? [String] ?? [] {
                #expect(try await server.task(id, token: token)["status"] as? String == "canceled")
            }
            #expect(try await server.request(.post, "/api/v1/images/batch/\(name)/cancel", token: token).status == .conflict)
            #expect(try await server.request(.get, "/api/v1/images/batch/\(name)/results", token: token).status == .conflict)
        }
    }

    @Test func anExpiredBatchFailsItsTasks() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let created = try await server.request(
                .post, "/api/v1/images/batch-generate", json: ["prompts": ["[[expire]] too slow", "b"]], token: token)
            let name = try #require(created.json["batch_name"] as? String)
            let status = try await waitForState(server, name, token: token, ["EXPIRED"])
            #expect(status["failed_count"] as? Int == 2)
            #expect((status["error"] as? String)?.contains("expired") == true)
            for id in created.json["task_ids"] as? [String] ?? [] {
                let task = try await server.task(id, token: token)
                #expect((task["error"] as? [String: Any])?["code"] as? String == "TIMEOUT")
            }
        }
    }

    @Test func invalidBatchesNameTheField() async throws {
        try await TestServer.run(users: ["bob"]) { server in
            let token = try await server.login()
            let cases: [(String, [String: Any])] = [
                ("prompts", [:]), ("prompts", ["prompts": []]), ("prompts", ["prompts": Array(repeating: "p", count: 101)]),
                ("prompts[1]", ["prompts": ["ok", "  "]]), ("aspect_ratio", ["prompts": ["ok"], "aspect_ratio": "5:5"]),
                ("resolution", ["prompts": ["ok"], "resolution": "16K"]),
                ("reference_images[0]", ["prompts": ["ok"], "reference_images": ["ftp://x"]]),
            ]
            for (field, body) in cases {
                let reply = try await server.request(.post, "/api/v1/images/batch-generate", json: body, token: token)
                #expect(reply.status == .unprocessableContent, "\(field)")
                #expect(reply.json["field"] as? String == field)
            }
            #expect(try await server.request(.get, "/api/v1/images", token: token).json["total"] as? Int == 0)
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["mine"]], token: token)
            let bob = try await server.login("bob", password: "password1")
            let name = try #require(created.json["batch_name"] as? String)
            #expect(try await server.request(.get, "/api/v1/images/batch/\(name)/status", token: bob).status == .notFound)
            #expect(try await server.request(.get, "/api/v1/images/batch/nope/status", token: token).status == .notFound)
        }
    }

    /// A restart while the provider runs the batch: the next start's poller finishes it, and
    /// every result is stored exactly once.
    @Test func aRestartDuringABatchStillFinishesItOnce() async throws {
        let emulator = EmulatorServer.buildApplication(
            configuration: EmulatorConfiguration(port: 0, batchPhaseSeconds: 1.5), logger: Logger(label: "test.emulator"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await emulator.test(.live) { emulatorClient in
            let base = "http://127.0.0.1:\(try #require(emulatorClient.port))"
            let taskIDs = LockedBox<[String]>()
            try await TestServer.run(dataDirectory: directory, configure: { configuration, _ in configuration.geminiBaseURL = base }) { server in
                let token = try await server.login()
                let created = try await server.request(
                    .post, "/api/v1/images/batch-generate", json: ["prompts": ["one", "two", "three"]], token: token)
                let name = try #require(created.json["batch_name"] as? String)
                taskIDs.value = created.json["task_ids"] as? [String]
                _ = try await waitForState(server, name, token: token, ["RUNNING"])
            }
            try await TestServer.run(
                dataDirectory: directory, configure: { configuration, _ in configuration.geminiBaseURL = base },
                afterShutdown: { connection in
                    let results = try await StoredFileModel.query(on: connection.database).filter(\.$kind == "result").count()
                    #expect(results == 3, "each result stored once")
                }
            ) { server in
                let token = try await server.login()
                for id in try #require(taskIDs.value) {
                    let task = try await server.waitForTask(id, token: token)
                    #expect(task["status"] as? String == "succeeded")
                }
            }
        }
    }
}
