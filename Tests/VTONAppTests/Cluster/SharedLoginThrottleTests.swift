import Foundation
import Testing

@testable import VTONApp
@testable import VTONPersistence

/// Login throttling counted in the database, so that processes sharing it share the limits.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SharedLoginThrottleTests {
    static let policy = LoginThrottle.Policy(maxFailures: 10, window: 900, addressFactor: 3, stepDelay: 0.5, maxDelay: 4)

    @Test(arguments: RepositoryTests.locations)
    func thirtyGuessesAtOnceThroughTwoProcessesStopAtTheLimit(kind: String) async throws {
        try await RepositoryTests().withDatabase(kind) { connection, _ in
            // Two throttles over one database: the two processes' views.
            let processes = [SQLLoginAttemptLog(connection: connection), SQLLoginAttemptLog(connection: connection)]
                .map { LoginThrottle(policy: Self.policy, attempts: $0) }
            let admitted = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<30 {
                    group.addTask { (try? await processes[index % 2].begin(username: "Admin", address: "192.0.2.9")) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 10)
            await #expect(throws: APIError.self) { try await processes[0].begin(username: "admin", address: "192.0.2.9") }
        }
    }

    @Test(arguments: RepositoryTests.locations)
    func aRightPasswordForgivesTheAccountButTheAddressKeepsItsOtherFailures(kind: String) async throws {
        try await RepositoryTests().withDatabase(kind) { connection, _ in
            let throttle = LoginThrottle(policy: Self.policy, attempts: SQLLoginAttemptLog(connection: connection))
            let now = Date()
            for _ in 0..<5 { #expect(try await throttle.begin(username: "owner", address: "198.51.100.1", now: now).delay == 0) }
            let (attempt, delay) = try await throttle.begin(username: "Owner", address: "198.51.100.1", now: now)
            #expect(delay == 0.5, "from half the allowance on, the account is slowed")
            try await throttle.succeeded(attempt)
            #expect(try await throttle.begin(username: "owner", address: "198.51.100.2", now: now).delay == 0, "the account is forgiven")
            // The address keeps its five other failures: 25 more on other accounts fill its 30.
            for index in 0..<25 { _ = try await throttle.begin(username: "other\(index)", address: "198.51.100.1", now: now) }
            await #expect(throws: APIError.self) { try await throttle.begin(username: "else", address: "198.51.100.1", now: now) }
            #expect(try await throttle.begin(username: "else", address: "198.51.100.1", now: now.addingTimeInterval(901)).delay == 0)
        }
    }
}
