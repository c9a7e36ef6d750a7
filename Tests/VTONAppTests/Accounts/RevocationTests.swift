import Foundation
import HTTPTypes
import Logging
import Testing
import VTONPersistence

@testable import VTONApp

/// Changing or resetting a password, or deactivating a user, ends their sessions: old tokens
/// and API keys get 401 and their open WebSockets are closed with 4001; reactivating the user
/// revives neither.
@Suite(.timeLimit(.minutes(3)))
struct RevocationTests {
    enum Revocation: CaseIterable {
        case ownPasswordChange, adminReset, deactivation
    }

    @Test(arguments: Revocation.allCases)
    func revokingEndsTokensAndSockets(_ revocation: Revocation) async throws {
        try await TestServer.run(users: ["gina"]) { server in
            let admin = try await server.login()
            let gina = try await server.login("gina", password: "password1")
            let ginaID = try #require(try await server.request(.get, "/api/v1/base/userinfo", token: gina).json["id"] as? String)
            let key = try await server.createAPIKey("gina's script", permissions: nil, token: gina)
            #expect(try await server.request(.get, "/api/v1/base/userinfo", token: key.secret).status == .ok)
            let close = try await server.socket(token: gina) { socket in
                try await socket.ready()
                let reply: TestServer.Reply =
                    switch revocation {
                    case .ownPasswordChange:
                        try await server.request(
                            .post, "/api/v1/base/update_password", json: ["old_password": "password1", "new_password": "another-pass9"], token: gina)
                    case .adminReset:
                        try await server.request(.post, "/api/v1/user/reset_password", json: ["user_id": ginaID], token: admin)
                    case .deactivation:
                        try await server.request(.post, "/api/v1/user/update", json: ["id": ginaID, "is_active": false], token: admin)
                    }
                #expect(reply.status == .ok, "\(reply.json)")
                if revocation == .adminReset {
                    let generated = try #require(reply.json["new_password"] as? String)
                    #expect(generated.count >= 8)
                }
                while try await socket.next() != nil {}
            }
            #expect(close?.closeCode == .unknown(4001), "\(String(describing: close))")
            let old = try await server.request(.get, "/api/v1/base/userinfo", token: gina)
            #expect(old.status == .unauthorized)
            #expect(try await server.request(.get, "/api/v1/base/userinfo", token: key.secret).status == .unauthorized)
            if revocation == .deactivation {
                let back = try await server.request(.post, "/api/v1/user/update", json: ["id": ginaID, "is_active": true], token: admin)
                #expect(back.status == .ok)
                #expect(try await server.request(.get, "/api/v1/base/userinfo", token: key.secret).status == .unauthorized)
                let again = try await server.login("gina", password: "password1")
                #expect((try await server.request(.get, "/api/v1/api-keys", token: again).json["keys"] as? [Any])?.isEmpty == true)
            }
        }
    }

    /// `vton reset-password` writes the database from a process of its own, which the server's
    /// remembered user rows (`RecentUsers`) do not hear of: the old token stops working once
    /// the remembered row is older than its lifetime.
    @Test func aPasswordResetByAnotherProcessRevokesWithinTheLifetime() async throws {
        let lifetime = Duration.milliseconds(1500)
        try await TestServer.run(users: ["gina"], configure: { _, overrides in overrides.recentUserLifetime = lifetime }) { server in
            let gina = try await server.login("gina", password: "password1")
            #expect(try await server.request(.get, "/api/v1/base/userinfo", token: gina).status == .ok)
            let firstRead = ContinuousClock.now

            var logger = Logger(label: "test.other-process")
            logger.logLevel = .warning
            let other = try DatabaseConnection(location: server.database, logger: logger)
            do {
                let users = FluentUserRepository(connection: other)
                let user = try #require(try await users.find(username: "gina"))
                try await users.updatePassword(
                    userID: user.id, hash: try await PasswordHasher(cost: 4).hash("another-pass9"), tokensValidAfter: Date())
            } catch {
                await other.shutdown()
                throw error
            }
            await other.shutdown()
            let written = ContinuousClock.now

            // The row read a moment ago is still in use (when the moment, on a busy machine, was
            // shorter than the lifetime)...
            let meanwhile = try await server.request(.get, "/api/v1/base/userinfo", token: gina).status
            if ContinuousClock.now - firstRead < lifetime { #expect(meanwhile == .ok) }
            // ...until it is older than the lifetime.
            var status = HTTPResponse.Status.ok
            while status == .ok, ContinuousClock.now - written < lifetime + .seconds(2) {
                try await Task.sleep(for: .milliseconds(100))
                status = try await server.request(.get, "/api/v1/base/userinfo", token: gina).status
            }
            #expect(status == .unauthorized)
            #expect(ContinuousClock.now - written <= lifetime + .milliseconds(500))
            #expect(try await server.login("gina", password: "another-pass9").isEmpty == false)
        }
    }
}
