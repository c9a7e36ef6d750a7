import Foundation
import Testing
import VTONDomain

@testable import VTONApp

/// The economy tier: tasks of several users pooled into one Batch job at half price, each
/// keeping its owner, events and result; a deadline falls back to realtime, billed once.
@Suite(.timeLimit(.minutes(2)))
struct EconomyTierTests {
    @Test func tasksOfTwoUsersArePooledIntoOneBatchAndEachHearsOnlyTheirOwn() async throws {
        try await TestServer.run(
            users: ["alice", "bob"],
            configure: { configuration, _ in
                configuration.economyMaxSize = 3
                configuration.economyMaxAgeSeconds = 60
            }
        ) { server in
            let alice = try await server.login("alice", password: "password1")
            let bob = try await server.login("bob", password: "password1")
            let aliceHeard = LockedBox<[[String: Any]]>()
            let bobID = LockedBox<String>()
            try await server.socket(token: alice) { aliceSocket in
                try await aliceSocket.ready()
                try await server.socket(token: bob) { bobSocket in
                    try await bobSocket.ready()
                    let first = try await server.createTask(["prompt": "alice one", "priority": "economy"], token: alice)
                    let second = try await server.createTask(["prompt": "alice two", "priority": "economy"], token: alice)
                    // Two tasks are not a full pool and not old enough: they wait for bob's, and
                    // all three going in one batch (below) shows that nothing was sent before it.
                    let bobsTask = try await server.createTask(["prompt": "bob one", "priority": "economy"], token: bob)
                    bobID.value = bobsTask
                    var open: Set<String> = [first.lowercased(), second.lowercased()]
                    var heard: [[String: Any]] = []
                    while !open.isEmpty, let message = try await aliceSocket.next() {
                        heard.append(message)
                        if message["status"] as? String == "succeeded", let id = message["task_id"] as? String { open.remove(id.lowercased()) }
                    }
                    aliceHeard.value = heard
                    _ = try await bobSocket.read(until: SocketProbe.isFinal(bobsTask))
                }
            }
            let heardIDs = Set((aliceHeard.value ?? []).compactMap { ($0["task_id"] as? String)?.lowercased() })
            #expect(!heardIDs.contains(try #require(bobID.value).lowercased()), "alice heard bob's task")

            let aliceTasks = try #require(try await server.request(.get, "/api/v1/images", token: alice).json["tasks"] as? [[String: Any]])
            let bobTask = try await server.task(try #require(bobID.value), token: bob)
            let batchIDs = Set((aliceTasks + [bobTask]).compactMap { $0["batch_id"] as? String })
            #expect(batchIDs.count == 1, "all three went in one batch")
            for task in aliceTasks + [bobTask] {
                #expect(task["status"] as? String == "succeeded")
                #expect(task["priority"] as? String == "economy")
                #expect(task["cost_usd"] as? Double == 0.067, "half of the realtime 0.134")
            }
            // The shared batch is nobody's to look at through the batch routes.
            #expect(try await server.request(.get, "/api/v1/images/batch/\(batchIDs.first!)/status", token: alice).status == .notFound)
        }
    }

    @Test func aLonePoolIsSentWhenItsOldestTaskIsOldEnough() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.economyMaxAgeSeconds = 0.5 }) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "patient", "priority": "economy"], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "succeeded")
            #expect(task["batch_id"] is String)
        }
    }

    @Test func aMissedDeadlineRunsRealtimeAndIsBilledOnce() async throws {
        try await TestServer.run(configure: { configuration, _ in
            configuration.economyMaxAgeSeconds = 0.2
            configuration.emulatorBatchSeconds = 30
        }) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "in a hurry", "priority": "economy", "deadline_seconds": 2], token: token)
            let pooledInBatch = try await eventually { try await server.task(id, token: token)["batch_id"] is String ? true : nil }
            #expect(pooledInBatch == true, "it went into a batch first")
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "succeeded")
            #expect(task["priority"] as? String == "realtime")
            #expect(task["batch_id"] is NSNull)
            #expect(task["cost_usd"] as? Double == 0.134)
            #expect(((task["result"] as? [String: Any])?["images"] as? [Any])?.count == 1)
        }
    }
}
