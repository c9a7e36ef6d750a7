import Foundation
import Testing
import VTONDomain
import VTONPersistence

/// What happens to a task after it is written, held equally of the in-memory fake and of
/// Fluent: the state machine, the credits' settlement, fair claims under leases, the event log.
@Suite(.timeLimit(.minutes(2)))
struct TaskLifecycleContractTests {
    let succeed: @Sendable (inout ImageTask) -> Void = { $0.status = .succeeded }

    @Test(arguments: RepositoryBackend.kinds)
    func transitionsFromTheWrongStateLeaseOrBatchAreRefusedWithoutAnEvent(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let id = try await backend.tasks.create(try contractTask(user)).task.id
            #expect(try await backend.tasks.transition(id: id, from: [.running], leaseOwner: nil, change: succeed) == nil)
            #expect(try await backend.tasks.transition(id: id, from: [.queued], leaseOwner: nil, change: succeed) == nil, "queued cannot succeed")
            #expect(try await backend.tasks.transition(id: UUID(), from: [.queued], leaseOwner: nil) { $0.status = .canceled } == nil)
            _ = try await backend.tasks.claim(owner: "a", leaseSeconds: 30, limit: 1)
            #expect(try await backend.tasks.transition(id: id, from: [.running], leaseOwner: "b", change: succeed) == nil)
            #expect(try await backend.tasks.transition(id: id, from: [.running], inBatch: UUID(), change: succeed) == nil)
            #expect(try await backend.tasks.find(id: id)?.status == .running)
            let done = try #require(try await backend.tasks.transition(id: id, from: [.running], leaseOwner: "a", change: succeed))
            #expect(done.task.status == .succeeded && done.event.status == .succeeded && done.event.taskID == id)
            #expect(try await backend.tasks.transition(id: id, from: [.succeeded], leaseOwner: nil) { $0.status = .queued } == nil)
            #expect(try await backend.tasks.events(userID: user.id, after: 0, limit: 10).map(\.status) == [.queued, .running, .succeeded])
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func cancelAndFailureGiveTheHoldBackAndACheaperSuccessReturnsTheDifference(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user(credits: 1_000)
            var ids: [UUID] = []
            for index in 0..<3 {
                ids.append(
                    try await backend.tasks.create(
                        try contractTask(user, "\(index)", holding: 100, createdAt: Date(timeIntervalSinceNow: Double(index - 10)))
                    ).task.id)
            }
            #expect(try await backend.balance(of: user) == 700)
            let canceled = try #require(try await backend.tasks.transition(id: ids[0], from: [.queued], leaseOwner: nil) { $0.status = .canceled })
            #expect(canceled.task.creditState == .released)
            #expect(try await backend.balance(of: user) == 800)

            #expect(try await backend.tasks.claim(owner: "w", leaseSeconds: 30, limit: 5).map(\.task.id) == [ids[1], ids[2]])
            _ = try await backend.tasks.transition(id: ids[1], from: [.running], leaseOwner: "w") { $0.status = .failed }
            #expect(try await backend.balance(of: user) == 900)
            // Delivered at the batch price: 67 of the 100 held are charged.
            let charged = try #require(
                try await backend.tasks.transition(id: ids[2], from: [.running], leaseOwner: "w") { task in
                    task.status = .succeeded
                    task.charge(microUSD: 67_000, credits: 67)
                })
            #expect(charged.task.creditState == .captured && charged.task.creditsHeld == 67 && charged.task.costMicroUSD == 67_000)
            #expect(try await backend.balance(of: user) == 933)
            #expect(try await backend.tasks.transition(id: ids[2], from: [.running], leaseOwner: "w", change: succeed) == nil)

            let ledger = try await backend.credits.ledger(userID: user.id, page: 1, pageSize: 3).entries
            #expect(ledger.map(\.kind) == [.release, .capture, .release])
            #expect(ledger.map(\.delta) == [33, 0, 100])
            #expect(ledger[0].taskID == ids[2] && ledger[0].reason == "delivered by a batch at half price" && ledger[0].balanceAfter == 933)
            #expect(try await backend.credits.ledgerSum(userID: user.id) == 933)
            #expect(try await backend.tasks.creditsHeld(userID: user.id) == 0)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func spendingSumsTheListPriceChargedAndWhatTheProviderReported(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let delivered = try await backend.tasks.create(try contractTask(user, "delivered")).task.id
            let lost = try await backend.tasks.create(try contractTask(user, "lost")).task.id
            _ = try await backend.tasks.claim(owner: "w", leaseSeconds: 30, limit: 2)
            _ = try await backend.tasks.transition(id: delivered, from: [.running], leaseOwner: "w") { task in
                task.status = .succeeded
                task.charge(microUSD: 134_000, credits: 134)
                task.providerCharge = ProviderCharge(costMicroUSD: 134_420)
            }
            _ = try await backend.tasks.transition(id: lost, from: [.running], leaseOwner: "w") { task in
                task.status = .failed
                task.providerCharge = ProviderCharge(unansweredCalls: 1)
            }
            let expected = TaskSpending(tasksCharged: 1, listPriceMicroUSD: 134_000, providerCostMicroUSD: 134_420, tasksWithProviderCost: 2)
            #expect(try await backend.tasks.spending() == expected)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func claimsGoToTheUserWithFewestRunningThenToTheOldestTask(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let (heavy, light) = (try await backend.user(), try await backend.user())
            let start = Date().addingTimeInterval(-100)
            func queue(_ user: User, at seconds: Double, priority: String? = nil) async throws -> UUID {
                try await backend.tasks.create(try contractTask(user, priority: priority, createdAt: start.addingTimeInterval(seconds))).task.id
            }
            var heavyIDs: [UUID] = []
            for second in 0..<4 { heavyIDs.append(try await queue(heavy, at: Double(second))) }
            let lightIDs = [try await queue(light, at: 10), try await queue(light, at: 11)]
            _ = try await queue(light, at: 1, priority: "economy")
            let hidden = try await queue(light, at: 2)
            #expect(try await backend.tasks.hide(id: hidden, userID: light.id))

            // Both idle: the oldest task; then light has fewer running; then a tie goes to the older.
            let first = try await backend.tasks.claim(owner: "w", leaseSeconds: 30, limit: 3)
            #expect(first.map(\.task.id) == [heavyIDs[0], lightIDs[0], heavyIDs[1]])
            #expect(first.allSatisfy { $0.task.status == .running && $0.task.startedAt != nil && $0.event.status == .running })
            // Light has one running against heavy's two, so it goes first again.
            let second = try await backend.tasks.claim(owner: "w", leaseSeconds: 30, limit: 3)
            #expect(second.map(\.task.id) == [lightIDs[1], heavyIDs[2], heavyIDs[3]])
            #expect(try await backend.tasks.claim(owner: "w", leaseSeconds: 30, limit: 3).isEmpty, "economy and hidden tasks are not claimed")
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func lapsedLeasesAndAStoppingOwnersTasksReturnToTheQueue(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let old = Date().addingTimeInterval(-10)
            let stale = try await backend.tasks.create(try contractTask(user, "stale", createdAt: old)).task.id
            let renewed = try await backend.tasks.create(try contractTask(user, "renewed", createdAt: old.addingTimeInterval(1))).task.id
            _ = try await backend.tasks.claim(owner: "dead", leaseSeconds: -1, limit: 1)
            _ = try await backend.tasks.claim(owner: "slow", leaseSeconds: -1, limit: 1)
            try await backend.tasks.renewLeases(owner: "slow", taskIDs: [renewed], leaseSeconds: 60)

            let requeued = try await backend.tasks.requeue(expiredBefore: Date(), owner: nil)
            #expect(requeued.map(\.task.id) == [stale])
            #expect(requeued.first?.task.status == .queued && requeued.first?.task.startedAt == nil && requeued.first?.event.status == .queued)
            // The dead worker's late answer lands nowhere once another worker holds the task.
            #expect(try await backend.tasks.claim(owner: "next", leaseSeconds: 60, limit: 5).map(\.task.id) == [stale])
            #expect(try await backend.tasks.transition(id: stale, from: [.running], leaseOwner: "dead", change: succeed) == nil)

            let released = try await backend.tasks.requeue(expiredBefore: .distantFuture, owner: "slow")
            #expect(released.map(\.task.id) == [renewed])
            #expect(try await backend.tasks.countByStatus() == [.queued: 1, .running: 1, .succeeded: 0, .failed: 0, .canceled: 0])
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func eventsResumeAfterAnIDWithOnlyTheUsersOwnInCommitOrder(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let (mine, theirs) = (try await backend.user(), try await backend.user())
            let first = try await backend.tasks.create(try contractTask(mine, "one"))
            _ = try await backend.tasks.create(try contractTask(theirs, "theirs"))
            let second = try await backend.tasks.create(try contractTask(mine, "two"))
            let canceled = try #require(
                try await backend.tasks.transition(id: first.task.id, from: [.queued], leaseOwner: nil) { $0.status = .canceled })

            let all = try await backend.tasks.events(userID: mine.id, after: 0, limit: 10)
            #expect(all.map(\.id) == [first.event.id, second.event.id, canceled.event.id])
            #expect(all.map(\.id) == all.map(\.id).sorted())
            let resumed = try await backend.tasks.events(userID: mine.id, after: first.event.id, limit: 1)
            #expect(resumed.map(\.taskID) == [second.task.id])
        }
    }
}
