import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct LoginThrottleTests {
    @Test func repeatedFailuresAreSlowedThenRefusedAlikeForKnownAndUnknownNames() async throws {
        try await TestServer.run(
            users: ["olga"],
            configure: { configuration, _ in configuration.loginMaxFailures = 4 }
        ) { server in
            for username in ["olga", "nobody-by-this-name"] {
                var elapsed: [Duration] = []
                for _ in 0..<4 {
                    let started = ContinuousClock.now
                    let reply = try await server.request(.post, "/api/v1/base/access_token", json: ["username": username, "password": "wrong"])
                    elapsed.append(ContinuousClock.now - started)
                    #expect(reply.status == .unauthorized)
                }
                #expect(elapsed[3] >= .milliseconds(900), "the fourth failure was not slowed: \(elapsed)")
                let refused = try await server.request(.post, "/api/v1/base/access_token", json: ["username": username, "password": "password1"])
                #expect(refused.status == .tooManyRequests, "\(username)")
                #expect(refused.json["code"] as? String == "TOO_MANY_LOGIN_ATTEMPTS")
                #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
        }
    }

    @Test func oneAddressTryingManyNamesIsRefused() async throws {
        try await TestServer.run(
            users: ["pia"],
            configure: { configuration, _ in
                configuration.loginMaxFailures = 2
                configuration.loginWindowSeconds = 60
            }
        ) { server in
            // Each name fails once: no name reaches its limit, the address (3 × 2) does.
            for index in 0..<6 {
                let reply = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "guess\(index)", "password": "x"])
                #expect(reply.status == .unauthorized)
            }
            let refused = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "pia", "password": "password1"])
            #expect(refused.status == .tooManyRequests)
        }
    }

    @Test func throttleArithmetic() async throws {
        let throttle = LoginThrottle(policy: .init(maxFailures: 4, window: 60, addressFactor: 3, stepDelay: 0.5, maxDelay: 4))
        let now = Date()
        #expect(try await throttle.begin(username: "q", address: "10.0.0.1", now: now).delay == 0)
        for _ in 0..<2 { _ = try await throttle.begin(username: "q", address: "10.0.0.1", now: now) }
        // Three counted for the account: slowed from any address, in any case.
        #expect(try await throttle.begin(username: "Q", address: "10.0.0.2", now: now).delay == 1.0)
        // The pair (10.0.0.1, q) has four: refused there, until the window has passed.
        _ = try await throttle.begin(username: "q", address: "10.0.0.1", now: now).delay
        await #expect(throws: APIError.self) { try await throttle.begin(username: "q", address: "10.0.0.1", now: now) }
        #expect(try await throttle.begin(username: "q", address: "10.0.0.1", now: now.addingTimeInterval(61)).delay == 0)
    }

    /// Anyone could lock anyone out if failures refused by account: a storm from other
    /// addresses slows the owner's login, at most by `maxDelay`, and never refuses it.
    @Test func aStormFromOtherAddressesSlowsButNeverLocksOutTheOwner() async throws {
        let throttle = LoginThrottle(policy: .init(maxFailures: 10, window: 900, addressFactor: 3, stepDelay: 0.5, maxDelay: 4))
        let now = Date()
        for index in 0..<12 {
            for _ in 0..<10 { _ = try await throttle.begin(username: "admin", address: "198.51.100.\(index)", now: now) }
        }
        let (attempt, delay) = try await throttle.begin(username: "admin", address: "203.0.113.7", now: now)
        #expect(delay == 4)
        try await throttle.succeeded(attempt)
        // The right password forgives the account's failures: the owner's next login is not slowed.
        #expect(try await throttle.begin(username: "admin", address: "203.0.113.7", now: now).delay == 0)
        // The attackers' own addresses keep their counts.
        await #expect(throws: APIError.self) { try await throttle.begin(username: "admin", address: "198.51.100.3", now: now) }
    }

    /// A stolen session must not guess the password at full speed through update_password.
    @Test func wrongOldPasswordsAreThrottledLikeLogins() async throws {
        try await TestServer.run(users: ["uma"]) { server in
            let uma = try await server.login("uma", password: "password1")
            let replies = try await Burst.post(port: server.port, "/api/v1/base/update_password", count: 30, token: uma) { index in
                ["old_password": "guess-\(index)", "new_password": "a-new-pass-9"]
            }
            #expect(replies.filter { $0.status == 400 }.count == 10, "\(replies.map(\.status))")
            #expect(replies.filter { $0.status == 429 }.count == 20)
        }
    }
}
