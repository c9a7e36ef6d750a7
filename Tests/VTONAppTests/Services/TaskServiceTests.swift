import Foundation
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// `TaskService` on the in-memory repositories: admission, prices, quotas, idempotency,
/// cancel and retry, without a server.
struct TaskServiceTests {
    let harness = ServiceHarness()

    @Test func aNewTaskHoldsItsPriceAndIsAnnounced() async throws {
        let caller = try await harness.caller(credits: 1_000)
        let created = try await harness.service.create(GenerationDraft(prompt: "a cat", resolution: "4K"), caller: caller)
        #expect(created.isNew)
        // gemini-3-pro-image at 4K lists at US$0.24: 240 credits of US$0.001.
        #expect(created.task.creditsHeld == 240 && created.task.creditState == .reserved)
        #expect(try await harness.balance(of: caller) == 760)
        #expect(harness.bus.events.map(\.taskID) == [created.task.id])
        #expect(harness.bus.events.first?.status == .queued)
    }

    @Test func aRepeatedIdempotencyKeyAnswersTheFirstTaskAndHoldsOnce() async throws {
        let caller = try await harness.caller(credits: 1_000)
        let draft = GenerationDraft(prompt: "a cat", idempotencyKey: "order-7")
        let first = try await harness.service.create(draft, caller: caller)
        let again = try await harness.service.create(GenerationDraft(prompt: "a dog", idempotencyKey: "order-7"), caller: caller)
        #expect(!again.isNew && again.task.id == first.task.id && again.task.prompt == "a cat")
        #expect(try await harness.balance(of: caller) == 1_000 - 134)
        #expect(harness.bus.events.count == 1)
    }

    @Test func aRolesQuotaRefusesTheTaskPastIt() async throws {
        var limited = Role.builtinUser
        limited.tasksPerMinute = 2
        let caller = try await harness.caller(roles: [limited])
        for index in 0..<2 { _ = try await harness.service.create(GenerationDraft(prompt: "\(index)"), caller: caller) }
        let refusal = await #expect(throws: QuotaRefusal.self) { try await harness.service.create(GenerationDraft(prompt: "third"), caller: caller) }
        #expect(refusal?.message == "at most 2 tasks per minute may be submitted")
        #expect(try await harness.balance(of: caller) == 1_000 - 2 * 134, "a refused task holds nothing")
    }

    @Test func aTaskTheCallerCannotPayForIsRefused() async throws {
        let caller = try await harness.caller(credits: 100)
        let shortage = await #expect(throws: InsufficientCredits.self) {
            try await harness.service.create(GenerationDraft(prompt: "a cat"), caller: caller)
        }
        #expect(shortage == InsufficientCredits(needed: 134, available: 100))
        #expect(try await harness.tasks.list(userID: caller.user.id, filter: TaskFilter(), limit: 10, offset: 0).total == 0)
        #expect(harness.bus.events.isEmpty)
    }

    @Test func aSuperuserIsNeitherChargedNorLimited() async throws {
        var tight = Role.builtinUser
        tight.tasksPerMinute = 1
        let admin = try await harness.caller(credits: 0, roles: [tight], superuser: true)
        for index in 0..<3 {
            let created = try await harness.service.create(GenerationDraft(prompt: "\(index)"), caller: admin)
            #expect(created.task.creditState == .none && created.task.creditsHeld == 0)
        }
    }

    @Test func anInvalidDraftIsAValidationErrorNamingItsField() async throws {
        let caller = try await harness.caller()
        let error = await #expect(throws: APIError.self) {
            try await harness.service.create(GenerationDraft(prompt: "a cat", aspectRatio: "9:9"), caller: caller)
        }
        #expect(error?.code == "VALIDATION_ERROR" && error?.field == "aspect_ratio")
    }

    @Test func cancelGivesTheHoldBackAndASecondCancelIsAConflict() async throws {
        let caller = try await harness.caller(credits: 1_000)
        let created = try await harness.service.create(GenerationDraft(prompt: "a cat"), caller: caller)
        let canceled = try await harness.service.cancel(id: created.task.id, owner: caller.user)
        #expect(canceled.status == .canceled && canceled.failure?.code == .canceled && canceled.creditState == .released)
        #expect(try await harness.balance(of: caller) == 1_000)
        #expect(harness.bus.events.map(\.status) == [.queued, .canceled])
        let again = await #expect(throws: APIError.self) { try await harness.service.cancel(id: created.task.id, owner: caller.user) }
        #expect(again?.code == "NOT_CANCELABLE")
        let stranger = try await harness.caller()
        let hidden = await #expect(throws: APIError.self) { try await harness.service.cancel(id: created.task.id, owner: stranger.user) }
        #expect(hidden?.code == "NOT_FOUND")
    }

    @Test func retryQueuesAFreshRealtimeCopyPricedAgain() async throws {
        let caller = try await harness.caller(credits: 1_000)
        let economy = try await harness.service.create(
            GenerationDraft(prompt: "a cat", priority: "economy", idempotencyKey: "k", deadlineSeconds: 600), caller: caller)
        _ = try await harness.service.cancel(id: economy.task.id, owner: caller.user)
        let copy = try await harness.service.retry(id: economy.task.id, caller: caller)
        #expect(copy.id != economy.task.id && copy.prompt == "a cat" && copy.status == .queued)
        #expect(copy.priority == .realtime && copy.deadlineAt == nil && copy.idempotencyKey == nil)
        #expect(copy.creditsHeld == 134 && copy.creditState == .reserved)
        #expect(try await harness.balance(of: caller) == 1_000 - 134)
        #expect(try await harness.tasks.find(id: economy.task.id)?.status == .canceled, "the original stays as it was")
    }
}
