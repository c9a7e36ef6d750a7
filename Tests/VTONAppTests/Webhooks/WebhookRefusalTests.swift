import Foundation
import Synchronization
import Testing
import VTONDomain

@testable import VTONApp

/// What a webhook URL may not be, and who may see and change what: a bad URL is a 422 naming
/// `webhook_url` and creates nothing; a host that leads to a private address is refused when
/// the task is submitted and, if its DNS answer changes later, when the delivery is sent.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct WebhookRefusalTests {
    /// Answers a public address for the first lookup of `hooks.example` and a private one after,
    /// as a DNS server under an attacker's control would (DNS rebinding).
    final class RebindingResolver: HostResolving {
        let lookups = Mutex(0)

        func addresses(of host: String) async throws -> [IPAddress] {
            guard host == "hooks.example" else { return try await SystemHostResolver().addresses(of: host) }
            let count = lookups.withLock { count in
                count += 1
                return count
            }
            return [IPAddress(bytes: count == 1 ? [93, 184, 216, 34] : [10, 0, 0, 7])!]
        }
    }

    @Test func badURLsAre422NamingTheFieldAndCreateNothing() async throws {
        try await TestServer.run(users: ["una"]) { server in
            let token = try await server.login("una", password: "password1")
            func submit(_ url: String, batch: Bool = false) async throws -> TestServer.Reply {
                if batch {
                    return try await server.request(
                        .post, "/api/v1/images/batch-generate", json: ["prompts": ["a"], "webhook_url": url], token: token)
                }
                return try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "a", "webhook_url": url], token: token)
            }
            let withoutSecret = try await submit("https://hooks.example.com/in")
            #expect(withoutSecret.status == .unprocessableContent)
            #expect(withoutSecret.json["field"] as? String == "webhook_url")
            #expect((withoutSecret.json["detail"] as? String)?.contains("/api/v1/webhooks/secret") == true)

            _ = try await server.rotateWebhookSecret(token: token)
            for url in [
                "http://hooks.example.com/in", "ftp://hooks.example.com/in", "not a url", "https://user:pw@hooks.example.com/in",
                "https://127.0.0.1/in", "http://localhost:8080/in", "https://" + String(repeating: "a", count: 2100) + ".com",
            ] {
                for batch in [false, true] {
                    let reply = try await submit(url, batch: batch)
                    #expect(reply.status == .unprocessableContent, "\(url): \(reply.json)")
                    #expect(reply.json["code"] as? String == "VALIDATION_ERROR", "\(url)")
                    #expect(reply.json["field"] as? String == "webhook_url", "\(url)")
                }
            }
            for url in ["https://10.1.2.3/in", "https://[fd00::1]/in", "https://169.254.169.254/latest", "https://2130706433/in"] {
                let reply = try await submit(url)
                #expect(reply.status == .unprocessableContent, "\(url): \(reply.json)")
                #expect(reply.json["code"] as? String == "FORBIDDEN_URL", "\(url)")
                #expect(reply.json["field"] as? String == "webhook_url", "\(url)")
            }
            #expect(try await server.request(.get, "/api/v1/images", token: token).json["total"] as? Int == 0)
        }
    }

    @Test func aHostThatTurnsPrivateIsRefusedAtDeliveryAndNeverRetried() async throws {
        try await TestServer.run(
            users: ["ron"],
            configure: { configuration, overrides in
                TestServer.fastWebhooks(&configuration, &overrides)
                configuration.webhooks.allowLoopback = false
                overrides.hostResolver = RebindingResolver()
            }
        ) { server in
            let token = try await server.login("ron", password: "password1")
            _ = try await server.rotateWebhookSecret(token: token)
            let id = try await server.createTask(["prompt": "a kite", "webhook_url": "https://hooks.example/in"], token: token)
            let delivery = try await server.waitForDelivery(id, token: token, in: ["refused"])
            #expect(delivery["attempts"] as? Int == 1)
            #expect(delivery["next_attempt_at"] is NSNull)
            #expect(delivery["last_status_code"] is NSNull)
            #expect((delivery["last_error"] as? String)?.contains("10.0.0.7") == true, "\(delivery)")
        }
    }

    @Test func theLogIsTheOwnersAndTheSecretNeedsAPasswordSession() async throws {
        try await TestServer.run(users: ["olga", "pete"], configure: TestServer.fastWebhooks) { server in
            let olga = try await server.login("olga", password: "password1")
            let pete = try await server.login("pete", password: "password1")
            let id = try await server.createTask(["prompt": "a pear"], token: olga)

            let own = try await server.request(.get, "/api/v1/images/tasks/\(id)/webhooks", token: olga)
            #expect(own.status == .ok)
            #expect(own.json["webhook_url"] is NSNull)
            #expect((own.json["deliveries"] as? [Any])?.isEmpty == true)
            #expect(try await server.request(.get, "/api/v1/images/tasks/\(id)/webhooks", token: pete).status == .notFound)
            #expect(try await server.request(.get, "/api/v1/images/tasks/\(UUID())/webhooks", token: olga).status == .notFound)
            #expect(try await server.request(.post, "/api/v1/webhooks/secret").status == .unauthorized)

            let keyReply = try await server.request(
                .post, "/api/v1/api-keys", json: ["name": "creator", "permissions": ["images:create", "api_keys:manage"]], token: olga)
            let key = try #require(keyReply.json["key"] as? String, "\(keyReply.json)")
            let unread = try await server.request(.get, "/api/v1/images/tasks/\(id)/webhooks", token: key)
            #expect(unread.status == .forbidden)
            #expect((unread.json["detail"] as? String)?.contains("images:read") == true, "\(unread.json)")
            let rotation = try await server.request(.post, "/api/v1/webhooks/secret", token: key)
            #expect(rotation.status == .forbidden, "\(rotation.json)")
        }
    }
}
