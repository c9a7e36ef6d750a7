import Foundation
import HTTPTypes
import Testing
import VTONDomain

@testable import VTONApp

@Suite(.timeLimit(.minutes(3)))
struct QuotaAndFairnessTests {
    @Test func perMinuteAndInFlightLimitsAnswer429WithRetryAfter() async throws {
        try await TestServer.run(configure: { configuration, _ in
            configuration.defaultQuota = TaskQuota(perMinute: 3, inFlight: 100)
        }) { server in
            let admin = try await server.login()
            try await server.createUser("max", adminToken: admin)
            let max = try await server.login("max", password: "password1")
            for index in 0..<3 { _ = try await server.createTask(["prompt": "within quota \(index)"], token: max) }
            let over = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "one too many"], token: max)
            #expect(over.status == .tooManyRequests)
            #expect(over.json["code"] as? String == "QUOTA_EXCEEDED")
            let retryAfter = try #require(over.headers[.retryAfter].flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            #expect(try await server.request(.get, "/api/v1/images", token: max).json["total"] as? Int == 3)
            // A role with its own limit overrides the default.
            let role = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "studio", "permissions": Permission.ownWork.map(\.rawValue), "tasks_per_minute": 50],
                token: admin)
            let maxID = try #require(try await server.request(.get, "/api/v1/base/userinfo", token: max).json["id"] as? String)
            _ = try await server.request(.post, "/api/v1/user/update", json: ["id": maxID, "role_ids": [role.json["id"]!]], token: admin)
            #expect(try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "studio"], token: max).status == .created)
        }
        try await TestServer.run(configure: { configuration, _ in
            configuration.defaultQuota = TaskQuota(perMinute: 100, inFlight: 2)
        }) { server in
            let admin = try await server.login()
            try await server.createUser("nia", adminToken: admin)
            let nia = try await server.login("nia", password: "password1")
            for index in 0..<2 { _ = try await server.createTask(["prompt": "[[hang]] in flight \(index)"], token: nia) }
            let over = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "third"], token: nia)
            #expect(over.status == .tooManyRequests)
            #expect(over.headers[.retryAfter] != nil)
            let batch = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["x"]], token: nia)
            #expect(batch.status == .tooManyRequests)
        }
    }

    /// User A queues 200 tasks, then user B one: B's task runs as soon as a slot frees, not
    /// after the rest of A's backlog.
    @Test func oneUsersBacklogDoesNotStarveAnother() async throws {
        try await TestServer.run(configure: { configuration, _ in
            configuration.defaultQuota = TaskQuota(perMinute: 1000, inFlight: 1000)
            configuration.workerConcurrency = 4
            configuration.emulatorLatencyMilliseconds = 300
        }) { server in
            let admin = try await server.login()
            let annID = try await server.createUser("ann", adminToken: admin)
            try await server.createUser("ben", adminToken: admin)
            _ = try await server.request(.post, "/api/v1/credits/adjust", json: ["user_id": annID, "delta": 100_000, "reason": "bulk"], token: admin)
            let ann = try await server.login("ann", password: "password1")
            let ben = try await server.login("ben", password: "password1")
            for index in 0..<200 { _ = try await server.createTask(["prompt": "ann \(index)"], token: ann) }
            func annSucceeded() async throws -> Int {
                try await server.request(.get, "/api/v1/images?status=succeeded&limit=1", token: ann).json["total"] as? Int ?? 0
            }
            let before = try await annSucceeded()
            let benTask = try await server.createTask(["prompt": "ben's only task"], token: ben)
            #expect(try await server.waitForTask(benTask, token: ben)["status"] as? String == "succeeded")
            let overtaking = try await annSucceeded() - before
            #expect(before < 150, "too few of ann's tasks were still queued for the test to tell anything")
            #expect(overtaking <= 12, "\(overtaking) of ann's tasks finished while ben's waited")
        }
    }

    @Test func fairShareTakesTheLeastLoadedUserFirst() {
        let (a, b, c) = (UUID(), UUID(), UUID())
        let start = Date()
        let candidates =
            (0..<5).map { FairShare.Candidate(taskID: UUID(), userID: a, createdAt: start.addingTimeInterval(Double($0))) }
            + [FairShare.Candidate(taskID: UUID(), userID: b, createdAt: start.addingTimeInterval(10))]
            + [FairShare.Candidate(taskID: UUID(), userID: c, createdAt: start.addingTimeInterval(20))]
        let owners = Dictionary(uniqueKeysWithValues: candidates.map { ($0.taskID, $0.userID) })
        let picked = FairShare.pick(candidates, running: [a: 3, c: 1], limit: 4).map { owners[$0]! }
        #expect(picked == [b, c, a, a])
        let aOrder = FairShare.pick(candidates.filter { $0.userID == a }, running: [:], limit: 5)
        #expect(aOrder == candidates.filter { $0.userID == a }.map(\.taskID))
    }

    @Test func tasksQueuedAtTheSameMomentGoInTheOrderOfTheirIDsAsText() {
        let (user, now) = (UUID(), Date())
        let candidates = (0..<50).map { _ in FairShare.Candidate(taskID: UUID(), userID: user, createdAt: now) }
        let picked = FairShare.pick(candidates, running: [:], limit: 50)
        #expect(picked == candidates.map(\.taskID).sorted { $0.uuidString < $1.uuidString })
        #expect(picked == candidates.map(\.taskID).sorted { $0.uuidString.lowercased() < $1.uuidString.lowercased() })
    }
}
