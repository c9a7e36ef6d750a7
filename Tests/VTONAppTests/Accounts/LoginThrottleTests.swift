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
        #expect(try await throttle.admit(username: "q", address: "10.0.0.1", now: now) == 0)
        for _ in 0..<3 { await throttle.recordFailure(username: "q", address: "10.0.0.1", now: now) }
        #expect(try await throttle.admit(username: "Q", address: "10.0.0.2", now: now) == 1.0)
        await throttle.recordFailure(username: "q", address: "10.0.0.1", now: now)
        await #expect(throws: APIError.self) { try await throttle.admit(username: "q", address: nil, now: now) }
        #expect(try await throttle.admit(username: "q", address: nil, now: now.addingTimeInterval(61)) == 0)
        await throttle.recordSuccess(username: "q")
        #expect(try await throttle.admit(username: "q", address: nil, now: now) == 0)
    }
}
