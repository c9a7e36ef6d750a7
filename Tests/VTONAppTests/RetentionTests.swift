import Foundation
import Testing

@testable import VTONApp

/// Files go when their lifetime ends or their task is deleted; what a task made stays on
/// record, and content shared with anything still alive stays stored, in files or in S3.
@Suite(.timeLimit(.minutes(2)))
struct RetentionTests {
    /// The stored contents (blobs, not their thumbnails or conversions).
    static func blobs(_ server: TestServer) async throws -> Set<String> {
        Set(try await server.storedNames().filter { !$0.contains(".") })
    }

    static func resultURL(_ task: [String: Any]) throws -> String {
        let images = try #require((task["result"] as? [String: Any])?["images"] as? [[String: Any]])
        return try #require(images.first?["url"] as? String)
    }

    func upload(_ server: TestServer, token: String) async throws -> [String: Any] {
        let (headers, body) = UploadAndFileTests.multipart(try TestServer.fixture("person-small.png"))
        let reply = try await server.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
        #expect(reply.status == .created)
        return reply.json
    }

    @Test(arguments: TestServer.storages)
    func expiredFilesAreDeletedAndTheirTasksKeepTheirRecord(storage: String) async throws {
        // Long enough that the task finishes before its upload expires, even on a busy machine.
        try await TestServer.run(storage: storage, configure: { configuration, _ in configuration.retentionSeconds = 10 }) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "kept on record"], token: token)
            let done = try await server.waitForTask(id, token: token)
            let upload = try await upload(server, token: token)
            #expect(done["status"] as? String == "succeeded")
            #expect((done["result"] as? [String: Any])?["expired"] as? Bool == false)
            let resultURL = try Self.resultURL(done)
            #expect(try await server.request(.get, resultURL).status == .ok)
            #expect(try await Self.blobs(server).count == 2)

            let expired = try await eventually(within: .seconds(30), every: .milliseconds(100)) {
                let task = try await server.task(id, token: token)
                return (task["result"] as? [String: Any])?["expired"] as? Bool == true ? task : nil
            }
            let task = try #require(expired, "the result never expired")
            let result = try #require(task["result"] as? [String: Any])
            #expect(result["expired"] as? Bool == true)
            #expect(task["status"] as? String == "succeeded")
            let image = try #require((result["images"] as? [[String: Any]])?.first)
            #expect(
                image["width"] as? Int == done["result"].flatMap { ($0 as? [String: Any])?["images"] as? [[String: Any]] }?.first?["width"] as? Int)

            #expect(try await server.request(.get, resultURL).status == .notFound)
            #expect(try await server.request(.get, try #require(upload["url"] as? String)).status == .notFound)
            // The sweep deletes the records, then their bytes: an answer of 404 can come before the last of them goes.
            let emptied = try await eventually { try await server.storedNames().isEmpty ? true : nil }
            let left = try await server.storedNames()
            #expect(emptied == true, "left stored: \(left)")
        }
    }

    @Test(arguments: TestServer.storages)
    func deletingTasksDeletesTheirFilesOnlyWhenNothingElseUsesThem(storage: String) async throws {
        try await TestServer.run(storage: storage) { server in
            let token = try await server.login()
            // A retry names the same reference and, asking the same, gets the same image: two
            // tasks share both contents.
            let dress = try TestServer.dataURL("garment-dress.jpg", mime: "image/jpeg")
            let first = try await server.createTask(["prompt": "shared", "reference_images": [dress]], token: token)
            let firstURL = try Self.resultURL(try await server.waitForTask(first, token: token))
            let retried = try await server.request(.post, "/api/v1/images/tasks/\(first)/retry", token: token)
            let second = try #require(retried.json["task_id"] as? String)
            let secondURL = try Self.resultURL(try await server.waitForTask(second, token: token))
            let image = try await server.request(.get, secondURL).data
            let shared = try await Self.blobs(server)
            #expect(shared.count == 2, "one reference and one result image: \(shared)")

            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(first)", token: token).status == .noContent)
            #expect(try await server.request(.get, firstURL).status == .notFound)
            let stillThere = try await server.request(.get, secondURL)
            #expect(stillThere.status == .ok)
            #expect(stillThere.data == image)
            #expect(try await Self.blobs(server) == shared)

            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(second)", token: token).status == .noContent)
            #expect(try await server.request(.get, secondURL).status == .notFound)
            let left = try await server.storedNames()
            #expect(left.isEmpty, "left stored: \(left)")

            // A user's upload is theirs, not the task's: it outlives the task that used it.
            let upload = try await upload(server, token: token)
            let third = try await server.createTask(["prompt": "with my upload", "reference_images": [upload["id"]!]], token: token)
            _ = try await server.waitForTask(third, token: token)
            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(third)", token: token).status == .noContent)
            #expect(try await server.request(.get, try #require(upload["url"] as? String)).status == .ok)
            #expect(try await Self.blobs(server) == [try #require(upload["sha256"] as? String)])
        }
    }
}
