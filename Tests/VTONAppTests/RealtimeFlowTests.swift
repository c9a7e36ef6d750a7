import Foundation
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// Login → task with a data: reference → `running` then `succeeded` on a real WebSocket →
/// the image downloaded at exactly the model's documented size.
@Suite(.timeLimit(.minutes(3)))
struct RealtimeFlowTests {
    static let cases: [(ratio: String, size: String)] =
        AspectRatio.seedValues.map { ($0, "1K") } + [("16:9", "2K"), ("1:1", "4K")]

    @Test(arguments: cases)
    func everyRatioAndSizeArrivesOverTheSocketAtTheDocumentedSize(ratio: String, size: String) async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let reference = try TestServer.dataURL("person-small.png")
            let taskID = LockedBox<String>()
            try await server.socket(token: token) { socket in
                try await socket.ready()
                let id = try await server.createTask(
                    [
                        "prompt": "a cat running on grass \(ratio) \(size)", "aspect_ratio": ratio, "resolution": size,
                        "reference_images": [reference],
                    ],
                    token: token)
                taskID.value = id
                let messages = try await socket.read(until: SocketProbe.isFinal(id))
                let statuses = messages.filter { ($0["task_id"] as? String)?.lowercased() == id.lowercased() }.compactMap { $0["status"] as? String }
                #expect(statuses.contains("running"))
                #expect(statuses.last == "succeeded")
                #expect(statuses.firstIndex(of: "running")! < statuses.lastIndex(of: "succeeded")!)
                let final = try #require(messages.last)
                #expect(final["progress"] as? Int == 100)
                #expect(final["event_id"] is Int)
            }
            let task = try await server.task(try #require(taskID.value), token: token)
            #expect(task["aspect_ratio"] as? String == ratio)
            #expect(task["provider_aspect_ratio"] as? String == AspectRatio(ratio)!.providerValue)
            let result = try #require(task["result"] as? [String: Any])
            let image = try #require((result["images"] as? [[String: Any]])?.first)
            let url = try #require(image["url"] as? String)
            let expected = try #require(
                ModelCatalogue.model(id: "gemini-3-pro-image")?.pixelSize(
                    aspectRatio: AspectRatio(ratio)!.providerValue, size: ImageSize(rawValue: size)!))
            #expect(image["width"] as? Int == expected.width)
            #expect(image["height"] as? Int == expected.height)
            // The GA models answer JPEG, as Google's do.
            #expect(image["mime_type"] as? String == "image/jpeg")
            let download = try await server.request(.get, url)
            #expect(download.status == .ok)
            let pixels = try #require(TestServer.imageSize(download.data))
            #expect(pixels.width == expected.width && pixels.height == expected.height)
        }
    }

    @Test func resumeReplaysEveryEventInOrder() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "resume me"], token: token)
            _ = try await server.waitForTask(id, token: token)
            try await server.socket(token: token) { socket in
                try await socket.send(["type": "resume", "after_event_id": 0])
                let messages = try await socket.read(until: SocketProbe.isFinal(id))
                #expect(messages.compactMap { $0["status"] as? String } == ["queued", "running", "succeeded"])
                let ids = messages.compactMap { $0["event_id"] as? Int }
                #expect(ids == ids.sorted() && Set(ids).count == 3)
                let succeeded = try #require(messages.last)
                #expect((succeeded["result"] as? [String: Any])?["images"] != nil)

                try await socket.send(["type": "resume", "after_event_id": ids[1]])
                let tail = try await socket.read(until: SocketProbe.isFinal(id))
                #expect(tail.compactMap { $0["event_id"] as? Int } == [ids[2]])
            }
        }
    }

    @Test func twoSocketsOfOneUserBothUpdateAndAnotherUserHearsNothing() async throws {
        try await TestServer.run(users: ["alice", "bob"]) { server in
            let alice = try await server.login("alice", password: "password1")
            let bob = try await server.login("bob", password: "password1")
            let bobHeard = LockedBox<[[String: Any]]>()
            let started = AsyncStream.makeStream(of: Void.self)
            let done = AsyncStream.makeStream(of: Void.self)
            async let bobSocket = server.socket(token: bob) { socket in
                try await socket.ready()
                started.continuation.yield()
                // Bob's only traffic is his own heartbeat echo; anything else would be a leak.
                var doneIterator = done.stream.makeAsyncIterator()
                await doneIterator.next()
                try await socket.send(["type": "heartbeat"])
                bobHeard.value = try await socket.read { $0["type"] as? String == "heartbeat" }
            }
            var startedIterator = started.stream.makeAsyncIterator()
            await startedIterator.next()
            let firstSeen = LockedBox<[String]>()
            try await server.socket(token: alice) { first in
                try await first.ready()
                try await server.socket(token: alice) { second in
                    try await second.ready()
                    let id = try await server.createTask(["prompt": "for alice"], token: alice)
                    let one = try await first.read(until: SocketProbe.isFinal(id))
                    let two = try await second.read(until: SocketProbe.isFinal(id))
                    firstSeen.value = one.compactMap { $0["status"] as? String }
                    #expect(two.compactMap { $0["status"] as? String } == firstSeen.value)
                }
            }
            #expect(firstSeen.value?.last == "succeeded")
            done.continuation.yield()
            _ = try await bobSocket
            #expect(bobHeard.value?.count == 1, "bob received \(bobHeard.value ?? [])")
        }
    }

    @Test func injected503sAreRetriedToSuccess() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "[[fail:503*2]] a lighthouse"], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "succeeded")
            #expect(task["attempts"] as? Int == 3)
        }
    }

    @Test(arguments: [
        ("[[safety]] forbidden", "SAFETY_BLOCKED"), ("[[image_safety]] forbidden", "SAFETY_BLOCKED"),
        ("[[no_image]] words only", "NO_IMAGE"), ("[[fail:400]] bad", "PROVIDER_REJECTED"),
        ("[[fail:503]] always down", "PROVIDER_UNAVAILABLE"),
    ])
    func providerFailuresEndWithTheirCode(prompt: String, code: String) async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": prompt], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "failed")
            let error = try #require(task["error"] as? [String: Any])
            #expect(error["code"] as? String == code)
            #expect((error["message"] as? String)?.isEmpty == false)
            // Only retryable failures are retried: the policy allows 4 attempts.
            #expect(task["attempts"] as? Int == (code == "PROVIDER_UNAVAILABLE" ? 4 : 1))
        }
    }

    @Test func timeoutsAreRetriedThenFailAsTimeout() async throws {
        try await TestServer.run(configure: { configuration, _ in
            configuration.providerDeadlines = try! ProviderDeadlines.parse("1K=0.3")
            configuration.retryPolicy.maxAttempts = 2
        }) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "[[hang]] slow"], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect((task["error"] as? [String: Any])?["code"] as? String == "TIMEOUT")
            #expect(task["attempts"] as? Int == 2)
        }
    }

    @Test func aTaskWhoseLeaseExpiredIsRequeuedAndCompleted() async throws {
        let taskID = LockedBox<UUID>()
        try await TestServer.run(prepare: { connection in
            // A task claimed by a worker that then died: running, with a lease in the past.
            let users = FluentUserRepository(connection: connection)
            let admin = try await Self.createAdmin(users)
            let tasks = FluentTaskRepository(connection: connection)
            let spec = try GenerationSpec.validate(GenerationDraft(prompt: "orphaned"), defaultModel: "gemini-3-pro-image")
            let created = try await tasks.create(ImageTask(userID: admin.id, spec: spec, referenceFileIDs: []))
            let claimed = try await tasks.claim(owner: "dead-worker", leaseSeconds: -5, limit: 1)
            #expect(claimed.first?.task.id == created.task.id)
            taskID.value = created.task.id
        }) { server in
            let token = try await server.login()
            let id = try #require(taskID.value).uuidString
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "succeeded")
        }
    }

    @Test func shutdownReturnsInFlightWorkToTheQueue() async throws {
        let taskID = LockedBox<String>()
        try await TestServer.run(
            afterShutdown: { connection in
                let id = try #require(taskID.value.flatMap(UUID.init(uuidString:)))
                let task = try #require(try await FluentTaskRepository(connection: connection).find(id: id))
                #expect(task.status == .queued)
                #expect(task.startedAt == nil)
            }
        ) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "[[hang]] interrupted by a shutdown"], token: token)
            _ = try await server.waitForTask(id, token: token, in: ["running"])
            taskID.value = id
        }
    }

    static func createAdmin(_ users: FluentUserRepository) async throws -> User {
        let admin = User(username: "admin", email: nil, passwordHash: try await PasswordHasher(cost: 4).hash("123456"), isSuperuser: true)
        try await users.create(admin, grant: 0, actorID: nil)
        return admin
    }
}

/// A value set inside a `@Sendable` test closure and read after it.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
