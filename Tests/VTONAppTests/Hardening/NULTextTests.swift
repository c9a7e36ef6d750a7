import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

/// Text holding U+0000 was cut short on SQLite and a 500 on PostgreSQL (losing a batch of
/// audit rows with it): it is refused at the edge, naming where it was.
@Suite(.timeLimit(.minutes(2)))
struct NULTextTests {
    @Test(arguments: TestServer.databases)
    func nulInABodyAQueryOrAPathIsRefusedAndTheAuditLogKeepsItsRows(database: String) async throws {
        try await TestServer.run(database: database) { server in
            let admin = try await server.login()
            for (path, body, field) in [
                ("/api/v1/images/generate", ["prompt": "cat\u{0}dog"] as [String: Any], "prompt"),
                ("/api/v1/images/batch-generate", ["prompts": ["fine", "b\u{0}d"]], "prompts[1]"),
                ("/api/v1/base/access_token", ["username": "ad\u{0}min", "password": "x"], "username"),
                ("/api/v1/role/create", ["name": "dup\u{0}x", "permissions": [String]()], "name"),
                ("/api/v1/api-keys", ["name": "k\u{0}"], "name"),
            ] {
                let reply = try await server.request(.post, path, json: body, token: admin)
                #expect(reply.status == .unprocessableContent && reply.json["field"] as? String == field, "\(path): \(reply.json)")
            }
            let query = try await server.request(.get, "/api/v1/user/list?username=a%00", token: admin)
            #expect(query.status == .unprocessableContent && query.json["field"] as? String == "username")
            #expect(try await server.request(.get, "/api/v1/images/batch/a%00b/status", token: admin).status == .notFound)
            // The refused POSTs are in the audit log (written in the background, so polled).
            let logged = try await eventually {
                let page = try await server.request(.get, "/api/v1/auditlog/list?page_size=50&status=422", token: admin)
                return (page.json["data"] as? [Any]).flatMap { $0.count >= 5 ? $0.count : nil }
            }
            #expect(logged != nil, "the refused POSTs never all reached the audit log")
        }
    }
}
