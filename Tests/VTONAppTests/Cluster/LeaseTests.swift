import Foundation
import ServiceLifecycle
import Synchronization
import Testing
import VTONDomain

@testable import VTONApp
@testable import VTONPersistence

/// One holder per named lease among processes sharing a database, on SQLite and PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct LeaseTests {
    @Test(arguments: RepositoryTests.locations)
    func ofManyContendersAtOnceExactlyOneTakesTheLease(kind: String) async throws {
        try await RepositoryTests().withDatabase(kind) { connection, _ in
            let leases = FluentLeaseRepository(connection: connection)
            let now = Date()
            let won = await withTaskGroup(of: Bool.self) { group in
                for holder in 0..<24 {
                    group.addTask { (try? await leases.acquire("economy-pool", holder: "p\(holder)", now: now, until: now + 10)) ?? false }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(won == 1)
        }
    }

    @Test(arguments: RepositoryTests.locations)
    func theHolderRenewsOthersWaitUntilItRunsOutOrIsReleased(kind: String) async throws {
        try await RepositoryTests().withDatabase(kind) { connection, _ in
            let leases = FluentLeaseRepository(connection: connection)
            let now = Date()
            #expect(try await leases.acquire("poller", holder: "a", now: now, until: now + 10))
            #expect(try await leases.acquire("poller", holder: "a", now: now + 5, until: now + 15), "its holder renews it")
            #expect(try await !leases.acquire("poller", holder: "b", now: now + 14, until: now + 24), "not before it runs out")
            #expect(try await leases.acquire("retention", holder: "b", now: now, until: now + 10), "leases are per name")
            #expect(try await leases.acquire("poller", holder: "b", now: now + 16, until: now + 26), "taken over once run out")
            try await leases.release("poller", holder: "a")
            #expect(try await !leases.acquire("poller", holder: "a", now: now + 17, until: now + 27), "a stale holder's release is ignored")
            try await leases.release("poller", holder: "b")
            #expect(try await leases.acquire("poller", holder: "a", now: now + 17, until: now + 27), "a release hands it over at once")
        }
    }

    @Test func aSingletonRunsInOneProcessAtATimeAndMovesWhenThatProcessDies() async throws {
        try await RepositoryTests().withDatabase("sqlite") { connection, _ in
            let running = RunningCount()
            let first = DyingLeases(FluentLeaseRepository(connection: connection))
            let second = DyingLeases(FluentLeaseRepository(connection: connection))
            func singleton(_ leases: DyingLeases, _ holder: String) -> SingletonService {
                SingletonService(
                    name: "pool", service: CountingService(holder: holder, running: running), leases: leases, holder: holder,
                    leaseSeconds: 0.9, logger: .init(label: "test.singleton"))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await singleton(first, "first").run() }
                let holder = try #require(try await eventually(within: .seconds(10)) { running.holders.first })
                group.addTask { try await singleton(second, "second").run() }
                try await Task.sleep(for: .seconds(2))
                #expect(running.peak == 1, "never two at once")
                #expect(running.holders == [holder])

                // The holder's process stops answering: its lease runs out and the other takes over.
                (holder == "first" ? first : second).die()
                let died = ContinuousClock.now
                let successor = try await eventually(within: .seconds(10)) {
                    running.holders == [holder == "first" ? "second" : "first"] ? true : nil
                }
                #expect(successor == true)
                #expect(ContinuousClock.now - died < .seconds(3), "taken over within a lease and a renewal")
                #expect(running.peak == 1)
                group.cancelAll()
            }
        }
    }
}

/// How many `CountingService`s run now, which, and the most that ever ran at once.
final class RunningCount: Sendable {
    private let state = Mutex<(holders: [String], peak: Int)>(([], 0))
    var holders: [String] { state.withLock { $0.holders } }
    var peak: Int { state.withLock { $0.peak } }
    func start(_ holder: String) {
        state.withLock {
            $0.holders.append(holder); $0.peak = max($0.peak, $0.holders.count)
        }
    }
    func stop(_ holder: String) { state.withLock { $0.holders.removeAll { $0 == holder } } }
}

struct CountingService: Service {
    let holder: String
    let running: RunningCount

    func run() async throws {
        running.start(holder)
        defer { running.stop(holder) }
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

/// A process's view of the leases that can stop, as when the process hangs or loses its network:
/// from then on it neither renews nor releases.
final class DyingLeases: LeaseRepository {
    let leases: any LeaseRepository
    private let dead = Mutex(false)

    init(_ leases: any LeaseRepository) { self.leases = leases }

    func die() { dead.withLock { $0 = true } }

    struct Dead: Error {}

    func acquire(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        if dead.withLock({ $0 }) { throw Dead() }
        return try await leases.acquire(name, holder: holder, now: now, until: until)
    }

    func release(_ name: String, holder: String) async throws {
        if dead.withLock({ $0 }) { throw Dead() }
        try await leases.release(name, holder: holder)
    }
}
