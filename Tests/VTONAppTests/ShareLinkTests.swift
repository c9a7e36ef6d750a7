import Foundation
import HTTPTypes
import Logging
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// Share links over HTTP: made by a task's owner with an expiry, listed, revoked; the shared
/// images open without a login while the link is active, 410 once it expired or was revoked,
/// 404 for a link that never was; the cap of active links holds under simultaneous requests.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ShareLinkTests {
    /// A body that asks for the default expiry.
    static let noOptions: [String: Int] = [:]

    @Test func anOwnerSharesRevokesAndTheLinkAnswersWithoutALogin() async throws {
        try await TestServer.run(users: ["sam", "eve"]) { server in
            let sam = try await server.login("sam", password: "password1")
            let id = try await server.createTask(["prompt": "a shared kite"], token: sam)
            _ = try await server.waitForTask(id, token: sam)
            let made = try await server.request(.post, "/api/v1/images/tasks/\(id)/shares", json: ["expires_in_seconds": 3600], token: sam)
            #expect(made.status == .created, "\(made.json)")
            let token = try #require(made.json["token"] as? String)
            #expect(made.json["url"] as? String == "/#/shared/\(token)" && made.json["state"] as? String == "active")
            #expect(token.count == 32)

            // Anyone with the link: the images and the prompt, each image fetched without a login.
            let shared = try await server.request(.get, "/api/v1/shared/\(token)")
            #expect(shared.status == .ok, "\(shared.json)")
            #expect(shared.json["prompt"] as? String == "a shared kite")
            let image = try #require((shared.json["images"] as? [[String: Any]])?.first)
            let bytes = try await server.request(.get, try #require(image["url"] as? String))
            #expect(bytes.status == .ok && TestServer.imageSize(bytes.data) != nil)
            #expect(shared.json["user_id"] == nil && shared.json["inputs"] == nil, "who made it and from what stay private")

            // Only the owner makes, lists and revokes.
            let eve = try await server.login("eve", password: "password1")
            #expect(try await server.request(.post, "/api/v1/images/tasks/\(id)/shares", json: Self.noOptions, token: eve).status == .notFound)
            #expect(try await server.request(.get, "/api/v1/images/tasks/\(id)/shares", token: eve).status == .notFound)
            let shareID = try #require(made.json["share_id"] as? String)
            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(id)/shares/\(shareID)", token: eve).status == .notFound)

            let revoked = try await server.request(.delete, "/api/v1/images/tasks/\(id)/shares/\(shareID)", token: sam)
            #expect(revoked.status == .ok && revoked.json["state"] as? String == "revoked" && revoked.json["revoked_at"] is String)
            let gone = try await server.request(.get, "/api/v1/shared/\(token)")
            #expect(gone.status == .gone && gone.json["code"] as? String == "SHARE_REVOKED")
            #expect(try await server.request(.get, "/api/v1/shared/no-such-link").status == .notFound)

            // An expired link (written as the repository would, a day ago) is 410 too.
            let connection = try DatabaseConnection(location: .sqliteFile(server.dataDirectory + "/vton.sqlite"), logger: Logger(label: "t"))
            let userID = try #require(try await FluentUserRepository(connection: connection).find(username: "sam")?.id)
            let dayAgo = Date().addingTimeInterval(-86_400)
            let expired = ShareLink(
                taskID: try #require(UUID(uuidString: id)), userID: userID, token: "expired-token", createdAt: dayAgo,
                expiresAt: dayAgo.addingTimeInterval(3600))
            do { try await ShareLinkRepository(connection: connection).create(expired) } catch {
                await connection.shutdown()
                throw error
            }
            await connection.shutdown()
            let late = try await server.request(.get, "/api/v1/shared/expired-token")
            #expect(late.status == .gone && late.json["code"] as? String == "SHARE_EXPIRED")
            let listed = try await server.request(.get, "/api/v1/images/tasks/\(id)/shares", token: sam).json["shares"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["state"] as? String }.sorted() == ["expired", "revoked"])

            // A deleted task's links answer 404: there is nothing left to show.
            let again = try await server.request(.post, "/api/v1/images/tasks/\(id)/shares", json: Self.noOptions, token: sam)
            let againToken = try #require(again.json["token"] as? String)
            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(id)", token: sam).status == .noContent)
            #expect(try await server.request(.get, "/api/v1/shared/\(againToken)").status == .notFound)
        }
    }

    @Test func badExpiriesAndUnfinishedTasksAreRefused() async throws {
        try await TestServer.run(users: ["rex"]) { server in
            let rex = try await server.login("rex", password: "password1")
            let failed = try await server.createTask(["prompt": "[[safety]] refused"], token: rex)
            _ = try await server.waitForTask(failed, token: rex)
            let refused = try await server.request(.post, "/api/v1/images/tasks/\(failed)/shares", json: Self.noOptions, token: rex)
            #expect(refused.status == .conflict && refused.json["code"] as? String == "NOTHING_TO_SHARE")
            let done = try await server.createTask(["prompt": "fine"], token: rex)
            _ = try await server.waitForTask(done, token: rex)
            for seconds in [10, 31 * 86_400] {
                let bad = try await server.request(.post, "/api/v1/images/tasks/\(done)/shares", json: ["expires_in_seconds": seconds], token: rex)
                #expect(bad.status == .unprocessableContent && bad.json["field"] as? String == "expires_in_seconds", "\(seconds)")
            }
            let week = try await server.request(.post, "/api/v1/images/tasks/\(done)/shares", token: rex)
            #expect(week.status == .created, "no body: the default week")
            let expires = try #require(
                (week.json["expires_at"] as? String).flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) })
            #expect(abs(expires.timeIntervalSinceNow - Double(ShareLink.defaultLifetimeSeconds)) < 60)
        }
    }

    @Test(arguments: TestServer.databases)
    func theCapOfActiveLinksHoldsUnderABurst(database: String) async throws {
        try await TestServer.run(database: database, users: ["cara"]) { server in
            let cara = try await server.login("cara", password: "password1")
            let id = try await server.createTask(["prompt": "a popular poster"], token: cara)
            _ = try await server.waitForTask(id, token: cara)
            let replies = try await Burst.post(port: server.port, "/api/v1/images/tasks/\(id)/shares", count: 24, token: cara) { _ in Self.noOptions }
            #expect(replies.filter { $0.status == 201 }.count == ShareLink.maxActivePerTask, "\(replies.map(\.status))")
            #expect(replies.filter { $0.status == 409 && $0.json["code"] as? String == "TOO_MANY_SHARES" }.count == 24 - ShareLink.maxActivePerTask)
            #expect(Set(replies.compactMap { $0.json["token"] as? String }).count == ShareLink.maxActivePerTask)

            let shareID = try #require(replies.first { $0.status == 201 }?.json["share_id"] as? String)
            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(id)/shares/\(shareID)", token: cara).status == .ok)
            #expect(try await server.request(.post, "/api/v1/images/tasks/\(id)/shares", json: Self.noOptions, token: cara).status == .created)
            #expect(try await server.request(.post, "/api/v1/images/tasks/\(id)/shares", json: Self.noOptions, token: cara).status == .conflict)
        }
    }
}
