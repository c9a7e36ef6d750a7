import Foundation
import Testing
import VTONDomain
import VTONPersistence

/// What `TaskRepository.create` decides, held equally of the in-memory fake and of Fluent on
/// SQLite (and PostgreSQL): idempotency keys, quotas and credit holds, alone and under a burst.
@Suite(.timeLimit(.minutes(2)))
struct TaskCreationContractTests {
    @Test(arguments: RepositoryBackend.kinds)
    func aRepeatedKeyAnswersTheFirstTaskWithoutASecondHold(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user(credits: 500)
            guard case .created(let first) = try await backend.tasks.create(NewTask(try contractTask(user, "a", key: "k", holding: 100), quota: nil))
            else { throw TestSetupFailure(description: "the first task was not created") }
            let again = try await backend.tasks.create(NewTask(try contractTask(user, "b", key: "k", holding: 100), quota: nil))
            guard case .existing(let existing) = again else { throw TestSetupFailure(description: "the key made a second task: \(again)") }
            #expect(existing.id == first.task.id && existing.prompt == "a")
            #expect(try await backend.balance(of: user) == 400)
            #expect(try await backend.tasks.find(userID: user.id, idempotencyKey: "k")?.id == first.task.id)
            // Keys are per user: another user's "k" is a task of its own.
            let other = try await backend.user()
            #expect(try await backend.tasks.create(NewTask(try contractTask(other, key: "k"), quota: nil)).isNew)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func aKeyOlderThanTheWindowOrOfAHiddenTaskNamesANewTask(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let old = try contractTask(user, key: "old", createdAt: Date().addingTimeInterval(-ImageTask.idempotencyWindow - 60))
            _ = try await backend.tasks.create(NewTask(old, quota: nil))
            #expect(try await backend.tasks.find(userID: user.id, idempotencyKey: "old") == nil)
            #expect(try await backend.tasks.create(NewTask(try contractTask(user, key: "old"), quota: nil)).isNew)

            let hidden = try await backend.tasks.create(try contractTask(user, key: "hidden"))
            #expect(try await backend.tasks.hide(id: hidden.task.id, userID: user.id))
            #expect(try await backend.tasks.find(userID: user.id, idempotencyKey: "hidden") == nil)
            #expect(try await backend.tasks.create(NewTask(try contractTask(user, key: "hidden"), quota: nil)).isNew)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func theQuotaRefusesPastTheMinuteAndInFlightLimits(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let perMinute = TaskQuota(perMinute: 3, inFlight: 100)
            for index in 0..<3 { _ = try await backend.tasks.create(NewTask(try contractTask(user, "\(index)"), quota: perMinute)) }
            let refusal = await #expect(throws: QuotaRefusal.self) {
                try await backend.tasks.create(NewTask(try contractTask(user, "fourth"), quota: perMinute))
            }
            #expect(refusal?.message == "at most 3 tasks per minute may be submitted")
            #expect((58...60).contains(refusal?.retryAfterSeconds ?? 0), "the oldest of the minute leaves it in about 60 s")

            let inFlight = TaskQuota(perMinute: 100, inFlight: 3)
            await #expect(throws: QuotaRefusal.self) { try await backend.tasks.create(NewTask(try contractTask(user), quota: inFlight)) }
            // A finished task no longer counts as in flight, but still as submitted this minute.
            let first = try #require(try await backend.tasks.list(userID: user.id, filter: TaskFilter(), limit: 1, offset: 2).tasks.first)
            _ = try await backend.tasks.transition(id: first.id, from: [.queued], leaseOwner: nil) { $0.status = .canceled }
            #expect(try await backend.tasks.submissionUsage(userID: user.id).inFlight == 2)
            #expect(try await backend.tasks.submissionUsage(userID: user.id).submittedLastMinute == 3)
            #expect(try await backend.tasks.create(NewTask(try contractTask(user), quota: inFlight)).isNew)
            #expect(try await backend.tasks.list(userID: user.id, filter: TaskFilter(), limit: 10, offset: 0).total == 4)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func aTaskItsOwnerCannotPayForIsRefusedAndLeavesNoTrace(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user(credits: 250)
            for index in 0..<2 { _ = try await backend.tasks.create(try contractTask(user, "\(index)", holding: 100)) }
            let shortage = await #expect(throws: InsufficientCredits.self) {
                try await backend.tasks.create(try contractTask(user, "third", holding: 100))
            }
            #expect(shortage == InsufficientCredits(needed: 100, available: 50))
            #expect(try await backend.balance(of: user) == 50)
            #expect(try await backend.tasks.creditsHeld(userID: user.id) == 200)
            #expect(try await backend.tasks.list(userID: user.id, filter: TaskFilter(), limit: 10, offset: 0).total == 2)
            #expect(try await backend.tasks.events(userID: user.id, after: 0, limit: 10).count == 2)
            let kinds = try await backend.credits.ledger(userID: user.id, page: 1, pageSize: 10).entries.map(\.kind)
            #expect(kinds == [.reserve, .reserve, .grant])
            #expect(try await backend.credits.ledgerSum(userID: user.id) == 50)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func twentyFiveSimultaneousRequestsWithOneKeyMakeOneTask(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user(credits: 1_000)
            let tasks = backend.tasks
            let outcomes = try await simultaneously(25) { index in
                try await tasks.create(NewTask(try contractTask(user, "try \(index)", key: "one", holding: 100), quota: nil))
            }
            let ids = Set(outcomes.map(\.task.id))
            #expect(outcomes.filter(\.isNew).count == 1)
            #expect(ids.count == 1, "\(ids.count) tasks for one key")
            #expect(try await backend.balance(of: user) == 900)
            #expect(try await tasks.events(userID: user.id, after: 0, limit: 100).count == 1)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func twentyFiveSimultaneousRequestsAgainstAQuotaOfTenAdmitTen(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user(credits: 10_000)
            let tasks = backend.tasks
            let quota = TaskQuota(perMinute: 10, inFlight: 100)
            let outcomes = try await simultaneously(25) { index in
                do {
                    return try await tasks.create(NewTask(try contractTask(user, "try \(index)", holding: 7), quota: quota)).isNew
                } catch is QuotaRefusal {
                    return false
                }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            #expect(try await tasks.list(userID: user.id, filter: TaskFilter(), limit: 100, offset: 0).total == 10)
            #expect(try await backend.balance(of: user) == 10_000 - 70)
            #expect(try await backend.credits.ledgerSum(userID: user.id) == 10_000 - 70)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func variationsAreWrittenAllOrNoneAndTheirKeyNamesTheGroup(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user(credits: 500)
            let group = try contractTask(user, "lamps", key: "lamps", holding: 100).variations(3)
            guard case .created(let transitions) = try await backend.tasks.create(variations: group, quota: TaskQuota(perMinute: 100, inFlight: 4))
            else {
                Issue.record("the group was not written")
                return
            }
            #expect(transitions.map(\.task.id) == group.map(\.id) && transitions.map(\.event.status) == [.queued, .queued, .queued])
            #expect(try await backend.balance(of: user) == 200)
            guard case .existing(let first) = try await backend.tasks.create(variations: group, quota: nil) else {
                Issue.record("the key did not answer")
                return
            }
            #expect(first.id == group[0].id)

            // Two more fit the in-flight quota of 4 but not the three asked: none is written, nothing held.
            let refused = try contractTask(user, "chairs", holding: 100).variations(3)
            await #expect(throws: QuotaRefusal.self) {
                try await backend.tasks.create(variations: refused, quota: TaskQuota(perMinute: 100, inFlight: 4))
            }
            // Credits for two of three: refused alike.
            await #expect(throws: InsufficientCredits.self) { try await backend.tasks.create(variations: refused, quota: nil) }
            #expect(try await backend.balance(of: user) == 200)
            #expect(try await backend.tasks.list(userID: user.id, filter: TaskFilter(), limit: 10, offset: 0).total == 3)
            let listed = try await backend.tasks.list(userID: user.id, filter: TaskFilter(variationGroupID: group[0].id), limit: 10, offset: 0)
            #expect(Set(listed.tasks.map(\.id)) == Set(group.map(\.id)))
        }
    }
}

/// Runs `count` calls of `body` at once and answers their results in any order.
func simultaneously<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count { group.addTask { try await body(index) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
}

extension TaskCreation {
    var isNew: Bool {
        if case .created = self { true } else { false }
    }

    var task: ImageTask {
        switch self {
        case .created(let transition): transition.task
        case .existing(let task): task
        }
    }
}
