import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct AuditLogTests {
    @Test func mutatingRequestsAreLoggedWithoutSecrets() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.auditFlushInterval = .milliseconds(50) }) { server in
            let admin = try await server.login()
            let started = Date().addingTimeInterval(-1)
            let userID = try await server.createUser("quinn", password: "Hidden-secret-77", adminToken: admin)
            let quinn = try await server.login("quinn", password: "Hidden-secret-77")
            _ = try await server.request(
                .post, "/api/v1/base/update_password", json: ["old_password": "Hidden-secret-77", "new_password": "Another-secret-88"], token: quinn)
            _ = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "quinn", "password": "Wrong-secret-99"])
            let key = try await server.createAPIKey("ci", permissions: ["images:read"], token: admin)
            _ = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "audited", "aspect_ratio": "9:9"], token: admin)
            _ = try await server.request(.get, "/api/v1/images", token: admin)

            var rows: [[String: Any]] = []
            _ = try await eventually { () async throws -> Bool? in
                rows = try await server.request(.get, "/api/v1/auditlog/list?page_size=100", token: admin).json["data"] as? [[String: Any]] ?? []
                // Two logins, the user, the password change, the failed login, the key and the refused task.
                return rows.count >= 7 ? true : nil
            }
            let seen = Set(rows.map { "\($0["method"]!) \($0["path"]!) \($0["status"]!)" })
            for expected in [
                "POST /api/v1/user/create 201", "POST /api/v1/base/access_token 200", "POST /api/v1/base/update_password 200",
                "POST /api/v1/base/access_token 401", "POST /api/v1/api-keys 201", "POST /api/v1/images/generate 422",
            ] {
                #expect(seen.contains(expected), "\(expected) missing from \(seen)")
            }
            #expect(!seen.contains { $0.hasPrefix("GET ") }, "reads are not audited")
            let text = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
            for secret in ["Hidden-secret-77", "Another-secret-88", "Wrong-secret-99", key.secret, "123456"] {
                #expect(!text.contains(secret), "\(secret) leaked into the audit log")
            }
            let failedLogin = try #require(rows.first { $0["status"] as? Int == 401 })
            #expect(failedLogin["username"] as? String == "quinn")
            #expect((failedLogin["summary"] as? String)?.contains("password=***") == true)
            #expect(rows.allSatisfy { ($0["summary"] as? String ?? "").count <= 300 })
            #expect(rows.allSatisfy { $0["client_address"] as? String == "127.0.0.1" })
            let create = try #require(rows.first { $0["path"] as? String == "/api/v1/user/create" })
            #expect(create["username"] as? String == "admin")
            #expect((create["latency_ms"] as? Double ?? -1) >= 0)
            #expect(userID.count == 36)

            let filtered = try await server.request(
                .get, "/api/v1/auditlog/list?username=quinn&status=401&path=/api/v1/base", token: admin
            ).json
            #expect(filtered["total"] as? Int == 1)
            let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let empty = try await server.request(.get, "/api/v1/auditlog/list?start_time=\(future)", token: admin).json
            #expect(empty["total"] as? Int == 0)
            let since = try await server.request(
                .get, "/api/v1/auditlog/list?start_time=\(Int(started.timeIntervalSince1970))", token: admin
            ).json
            #expect(since["total"] as? Int == rows.count)
            let bad = try await server.request(.get, "/api/v1/auditlog/list?end_time=yesterday", token: admin)
            #expect(bad.json["field"] as? String == "end_time")
        }
    }

    @Test func summariesAreShortAndRedacted() {
        let body =
            #"{"username":"u","password":"p","api_key":"k","prompt":"\#(String(repeating: "x", count: 500))","refs":[1,2],"tryon":{"token":"t","category":"tops"}}"#
        let summary = AuditSummary.of(body: Data(body.utf8), contentType: "application/json", length: body.utf8.count).text
        #expect(summary.contains("password=***"))
        #expect(summary.contains("api_key=***"))
        #expect(summary.contains("token=***"))
        #expect(summary.contains("refs=[2 items]"))
        #expect(summary.count <= 300)
        #expect(AuditSummary.of(body: nil, contentType: "multipart/form-data; boundary=x", length: 1234).text == "multipart/form-data, 1234 bytes")
    }

    @Test func secretKeysAreFoundInAnyCaseAndPosition() {
        for key in [
            "password", "Password", "new_password", "X-API-KEY", "key", "client_secret", "AccessToken", "Authorization", "credentials", "monkey",
        ] {
            #expect(AuditSummary.isSecret(key), "\(key)")
        }
        for key in ["prompt", "username", "idempotency_key", "Idempotency_Key", "ke", "", "tryon_category", "passwor"] {
            #expect(!AuditSummary.isSecret(key), "\(key)")
        }
    }
}
