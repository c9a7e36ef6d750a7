import Foundation
import Testing
import VTONDomain

@testable import VTONApp

/// A queued task's place and wait over HTTP: the realtime queue behind a busy worker, and the
/// economy pool by its age; none once a task runs.
@Suite(.timeLimit(.minutes(2)))
struct QueueEstimateTests {
    @Test func queuedTasksSayTheirPlaceAndWaitAndRunningOnesDoNot() async throws {
        try await TestServer.run(
            users: ["quentin"],
            configure: { configuration, _ in
                configuration.workerConcurrency = 1
                configuration.economyMaxAgeSeconds = 600
            }
        ) { server in
            let token = try await server.login("quentin", password: "password1")
            let busy = try await server.createTask(["prompt": "[[slow:8]] the worker's only task"], token: token)
            _ = try await server.waitForTask(busy, token: token, in: ["running"])
            var waiting: [String] = []
            for index in 0..<3 { waiting.append(try await server.createTask(["prompt": "waiting \(index)"], token: token)) }

            #expect(try await server.task(busy, token: token)["queue"] == nil, "a running task waits in no queue")
            for (index, id) in waiting.enumerated() {
                let queue = try #require(try await server.task(id, token: token)["queue"] as? [String: Any])
                #expect(queue["lane"] as? String == "realtime" && queue["position"] as? Int == index + 1)
                // One worker: each task waits for every one ahead of it, the first only for a free worker.
                let eta = try #require(queue["eta_seconds"] as? Int)
                #expect(index == 0 ? eta == 0 : eta > 0, "\(index): \(eta)")
            }
            let listed = try await server.request(.get, "/api/v1/images", token: token).json["tasks"] as? [[String: Any]]
            #expect(listed?.allSatisfy { $0["queue"] == nil } == true, "lists leave the estimate out")

            let first = try await server.createTask(["prompt": "pooled 1", "priority": "economy"], token: token)
            let second = try await server.createTask(["prompt": "pooled 2", "priority": "economy"], token: token)
            let pooled = try #require(try await server.task(second, token: token)["queue"] as? [String: Any])
            #expect(pooled["lane"] as? String == "economy" && pooled["position"] as? Int == 2)
            #expect((590...600).contains(try #require(pooled["eta_seconds"] as? Int)), "sent when the oldest has waited 600 s")
            #expect((try await server.task(first, token: token)["queue"] as? [String: Any])?["position"] as? Int == 1)
        }
    }
}
