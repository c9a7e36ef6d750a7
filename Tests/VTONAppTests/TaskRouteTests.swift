import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct TaskRouteTests {
    nonisolated(unsafe) static let invalidBodies: [(String, [String: Any])] = [
        ("prompt", [:]),
        ("prompt", ["prompt": "   "]),
        ("prompt", ["prompt": 42]),
        ("prompt", ["prompt": String(repeating: "猫", count: 5001)]),
        ("aspect_ratio", ["prompt": "x", "aspect_ratio": "7:3"]),
        ("resolution", ["prompt": "x", "resolution": "1k"]),
        ("reference_images", ["prompt": "x", "reference_images": "not-a-list"]),
        ("reference_images", ["prompt": "x", "reference_images": Array(repeating: "a.png", count: 15)]),
        ("reference_images[0]", ["prompt": "x", "reference_images": ["file:///etc/passwd"]]),
        ("reference_images[0]", ["prompt": "x", "reference_images": ["https://127.0.0.1/cat.png"]]),
        ("reference_images[0]", ["prompt": "x", "reference_images": ["data:image/png;base64,@@@"]]),
        ("reference_images[0]", ["prompt": "x", "reference_images": ["/path/to/reference.jpg"]]),
        ("reference_images[0]", ["prompt": "x", "reference_images": [UUID().uuidString]]),
        ("model", ["prompt": "x", "model": "dall-e"]),
        ("tryon", ["prompt": "x", "task_type": "tryon"]),
        ("tryon.category", ["task_type": "tryon", "tryon": ["person_image": "a.png", "garment_image": "b.png", "category": "hat"]]),
        ("deadline_seconds", ["prompt": "x", "priority": "economy", "deadline_seconds": 0]),
        ("priority", ["prompt": "x", "priority": "batch"]),
        ("idempotency_key", ["prompt": "x", "idempotency_key": ""]),
    ]

    @Test func everyInvalidFieldIsA422NamingIt() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            for (field, body) in Self.invalidBodies {
                let reply = try await server.request(.post, "/api/v1/images/generate", json: body, token: token)
                #expect(reply.status == .unprocessableContent, "\(field): \(reply.status) \(reply.json)")
                #expect(reply.json["field"] as? String == field, "\(reply.json)")
                #expect((reply.json["detail"] as? String)?.isEmpty == false)
            }
            let page = try await server.request(.get, "/api/v1/images", token: token)
            #expect(page.json["total"] as? Int == 0, "a refused request left a task behind")
        }
    }

    @Test func referenceThatIsNotAnImageIs415() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let text = "data:image/png;base64," + Data("just some text".utf8).base64EncodedString()
            let reply = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "x", "reference_images": [text]], token: token)
            #expect(reply.status == .unsupportedMediaType)
            #expect(reply.json["field"] as? String == "reference_images[0]")
        }
    }

    @Test func serverPathsWorkOnlyInsideTheReferenceDirectory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vton-refs-\(UUID().uuidString)")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("vton-outside-\(UUID().uuidString).png")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("path/to"), withIntermediateDirectories: true)
        try TestServer.fixture("person-small.png").write(to: root.appendingPathComponent("path/to/reference.jpg"))
        try TestServer.fixture("person-small.png").write(to: outside)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("escape.png"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("linked"), withDestinationURL: outside.deletingLastPathComponent())
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try await TestServer.run(configure: { configuration, _ in configuration.referenceDirectory = root.path }) { server in
            let token = try await server.login()
            // The seed's own curl example, with the file placed in the reference directory.
            let seed: [String: Any] = [
                "prompt": "一只在草地上奔跑的猫", "reference_images": [root.path + "/path/to/reference.jpg"], "aspect_ratio": "1:1", "resolution": "1K",
            ]
            let id = try await server.createTask(seed, token: token)
            #expect(try await server.waitForTask(id, token: token)["status"] as? String == "succeeded")
            let relative = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "x", "reference_images": ["path/to/reference.jpg"]], token: token)
            #expect(relative.status == .created)
            for escape in [
                root.path + "/../" + outside.lastPathComponent, "../" + outside.lastPathComponent, "path/../../" + outside.lastPathComponent,
                outside.path, root.path + "/escape.png", "escape.png", "linked/" + outside.lastPathComponent, "/etc/passwd",
            ] {
                let reply = try await server.request(
                    .post, "/api/v1/images/generate", json: ["prompt": "x", "reference_images": [escape]], token: token)
                #expect(reply.status == .unprocessableContent, "\(escape) was accepted")
                #expect(reply.json["code"] as? String == "INVALID_REFERENCE")
            }
        }
    }

    @Test func anotherUsersTaskIsNotFound() async throws {
        try await TestServer.run(users: ["alice", "bob"]) { server in
            let alice = try await server.login("alice", password: "password1")
            let bob = try await server.login("bob", password: "password1")
            let id = try await server.createTask(["prompt": "alice's"], token: alice)
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/v1/images/tasks/\(id)"), (.delete, "/api/v1/images/tasks/\(id)"),
                (.post, "/api/v1/images/tasks/\(id)/cancel"), (.post, "/api/v1/images/tasks/\(id)/retry"),
                (.put, "/api/v1/images/tasks/\(id)/favourite"), (.delete, "/api/v1/images/tasks/\(id)/favourite"),
            ] {
                let reply = try await server.request(method, path, token: bob)
                #expect(reply.status == .notFound, "\(method) \(path)")
            }
            #expect(try await server.request(.get, "/api/v1/images/tasks/not-a-uuid", token: alice).status == .notFound)
            #expect(try await server.request(.get, "/api/v1/images", token: bob).json["total"] as? Int == 0)
        }
    }

    @Test func historyIsSearchedByPromptWordsAndStars() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let dress = try await server.createTask(["prompt": "A linen summer dress"], token: token)
            let coat = try await server.createTask(["prompt": "a wool winter coat"], token: token)
            func listed(_ query: String) async throws -> [String] {
                let reply = try await server.request(.get, "/api/v1/images?" + query, token: token)
                #expect(reply.status == .ok, "\(query)")
                return (reply.json["tasks"] as? [[String: Any]] ?? []).compactMap { $0["task_id"] as? String }
            }
            #expect(try await listed("q=summer%20DRESS") == [dress])
            #expect(try await listed("q=summer+dress") == [dress])
            #expect(try await listed("q=wool") == [coat])
            #expect(Set(try await listed("q=")) == [dress, coat])

            let starred = try await server.request(.put, "/api/v1/images/tasks/\(coat)/favourite", token: token)
            #expect(starred.status == .ok && starred.json["favourite"] as? Bool == true)
            #expect(try await listed("favourite=true") == [coat])
            #expect(try await listed("favourite=true&q=dress").isEmpty)
            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(coat)/favourite", token: token).json["favourite"] as? Bool == false)
            #expect(try await listed("favourite=true").isEmpty)

            for (query, field) in [
                ("favourite=yes", "favourite"), ("q=" + (1...9).map { "w\($0)" }.joined(separator: "%20"), "q"),
                ("q=" + String(repeating: "x", count: 201), "q"),
            ] {
                let refused = try await server.request(.get, "/api/v1/images?" + query, token: token)
                #expect(refused.status == .unprocessableContent && refused.json["field"] as? String == field, "\(query)")
            }
        }
    }

    @Test func listPagesFiltersAndAnswersAtBothPaths() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            var ids: [String] = []
            for index in 0..<5 { ids.append(try await server.createTask(["prompt": "task \(index)"], token: token)) }
            let failed = try await server.createTask(["prompt": "[[safety]] nope"], token: token)
            for id in ids + [failed] { _ = try await server.waitForTask(id, token: token) }

            for path in ["/api/v1/images", "/api/v1/images/tasks"] {
                let page = try await server.request(.get, "\(path)?limit=2&offset=1", token: token).json
                #expect(page["total"] as? Int == 6)
                let tasks = try #require(page["tasks"] as? [[String: Any]])
                #expect(tasks.compactMap { $0["task_id"] as? String } == [ids[4], ids[3]], "newest first")
            }
            let succeeded = try await server.request(.get, "/api/v1/images?status=succeeded&limit=100", token: token).json
            #expect(succeeded["total"] as? Int == 5)
            let failedPage = try await server.request(.get, "/api/v1/images?status=failed", token: token).json
            #expect((failedPage["tasks"] as? [[String: Any]])?.first?["task_id"] as? String == failed)
            for (query, field) in [
                ("limit=0", "limit"), ("limit=101", "limit"), ("offset=-1", "offset"), ("limit=abc", "limit"), ("status=done", "status"),
            ] {
                let reply = try await server.request(.get, "/api/v1/images?\(query)", token: token)
                #expect(reply.status == .unprocessableContent, "\(query)")
                #expect(reply.json["field"] as? String == field)
            }
        }
    }

    @Test func taskObjectHasEveryContractField() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "fields", "aspect_ratio": "6:9"], token: token)
            let task = try await server.waitForTask(id, token: token)
            for key in [
                "task_id", "status", "task_type", "prompt", "aspect_ratio", "resolution", "priority", "batch_id", "result", "error", "attempts",
                "created_at", "started_at", "finished_at",
            ] {
                #expect(task.keys.contains(key), "missing \(key)")
            }
            #expect(task["batch_id"] is NSNull)
            #expect(task["error"] is NSNull)
            #expect(task["aspect_ratio"] as? String == "6:9")
            #expect(task["provider_aspect_ratio"] as? String == "2:3")
            #expect(task["cost_usd"] as? Double == 0.134)
            let created = try #require(task["created_at"] as? String)
            #expect(created.hasSuffix("Z") && created.contains("."))
        }
    }

    @Test func cancelStopsQueuedAndRunningTasks() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.workerConcurrency = 1 }) { server in
            let token = try await server.login()
            let running = try await server.createTask(["prompt": "[[hang]] forever"], token: token)
            _ = try await server.waitForTask(running, token: token, in: ["running"])
            let queued = try await server.createTask(["prompt": "waits its turn"], token: token)
            #expect(try await server.task(queued, token: token)["status"] as? String == "queued")

            let cancelQueued = try await server.request(.post, "/api/v1/images/tasks/\(queued)/cancel", token: token)
            #expect(cancelQueued.status == .ok)
            #expect(cancelQueued.json["status"] as? String == "canceled")
            #expect((cancelQueued.json["error"] as? [String: Any])?["code"] as? String == "CANCELED")
            let cancelRunning = try await server.request(.post, "/api/v1/images/tasks/\(running)/cancel", token: token)
            #expect(cancelRunning.json["status"] as? String == "canceled")
            let again = try await server.request(.post, "/api/v1/images/tasks/\(running)/cancel", token: token)
            #expect(again.status == .conflict)

            // The slot is free again: new work runs to the end.
            let next = try await server.createTask(["prompt": "after the cancel"], token: token)
            #expect(try await server.waitForTask(next, token: token)["status"] as? String == "succeeded")
            #expect(try await server.task(running, token: token)["status"] as? String == "canceled")
        }
    }

    @Test func deleteHidesAndRetryMakesANewTask() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "[[fail:400]] first try", "aspect_ratio": "3:4"], token: token)
            _ = try await server.waitForTask(id, token: token)
            let retry = try await server.request(.post, "/api/v1/images/tasks/\(id)/retry", token: token)
            #expect(retry.status == .created)
            let copy = try #require(retry.json["task_id"] as? String)
            #expect(copy != id)
            let retried = try await server.waitForTask(copy, token: token)
            #expect(retried["aspect_ratio"] as? String == "3:4")
            #expect(retried["prompt"] as? String == "[[fail:400]] first try")

            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(id)", token: token).status == .noContent)
            #expect(try await server.request(.get, "/api/v1/images/tasks/\(id)", token: token).status == .notFound)
            #expect(try await server.request(.get, "/api/v1/images", token: token).json["total"] as? Int == 1)
        }
    }

    @Test func sameIdempotencyKeyReturnsTheFirstTask() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let first = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "once", "idempotency_key": "k-1"], token: token)
            #expect(first.status == .created)
            let second = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "once", "idempotency_key": "k-1"], token: token)
            #expect(second.status == .ok)
            #expect(second.json["task_id"] as? String == first.json["task_id"] as? String)
            let header = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "once"], token: token, headers: [.init("Idempotency-Key")!: "k-1"])
            #expect(header.json["task_id"] as? String == first.json["task_id"] as? String)
            #expect(try await server.request(.get, "/api/v1/images", token: token).json["total"] as? Int == 1)
        }
    }

    @Test func everyTaskRouteNeedsAToken() async throws {
        try await TestServer.run { server in
            let id = UUID().uuidString
            for (method, path) in [
                (HTTPRequest.Method.post, "/api/v1/images/generate"), (.get, "/api/v1/images"), (.get, "/api/v1/images/tasks"),
                (.get, "/api/v1/images/tasks/\(id)"), (.delete, "/api/v1/images/tasks/\(id)"), (.post, "/api/v1/images/tasks/\(id)/cancel"),
                (.post, "/api/v1/images/tasks/\(id)/retry"), (.post, "/api/v1/uploads"), (.get, "/api/v1/base/userinfo"),
                (.post, "/api/v1/base/update_password"),
            ] {
                let reply = try await server.request(method, path, json: [:])
                #expect(reply.status == .unauthorized, "\(method) \(path)")
            }
        }
    }
}
