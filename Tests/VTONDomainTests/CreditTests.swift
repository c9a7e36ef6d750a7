import Foundation
import Testing

@testable import VTONDomain

struct CreditPricingTests {
    let pricing = CreditPricing()

    @Test func aTaskCostsItsModelsListPriceInCreditsAndHalfInABatch() {
        #expect(pricing.credits(model: "gemini-3-pro-image", size: .k1, batch: false) == 134)
        #expect(pricing.credits(model: "gemini-3-pro-image", size: .k4, batch: false) == 240)
        #expect(pricing.credits(model: "gemini-3-pro-image", size: .k1, batch: true) == 67)
        #expect(pricing.credits(model: "models/gemini-3.1-flash-image", size: .px512, batch: false) == 45)
        // Flash Lite's US$0.0336 is 33.6 credits: a part of a credit costs a whole one.
        #expect(pricing.credits(model: "gemini-3.1-flash-lite-image", size: .k1, batch: false) == 34)
        #expect(pricing.credits(model: "gemini-3.1-flash-lite-image", size: .k1, batch: true) == 17)
        // 2.5 Flash has one size: whatever is asked, it is priced at it.
        #expect(pricing.credits(model: "gemini-2.5-flash-image", size: .k2, batch: false) == 39)
        #expect(pricing.credits(model: "no-such-model", size: .k1, batch: false) == 0)
    }

    @Test func creditsRoundUpAtAnyCreditPrice() {
        #expect([0, 1, 1_000, 1_001].map(pricing.credits(microUSD:)) == [0, 1, 1, 2])
        let dearer = CreditPricing(microUSDPerCredit: 10_000)
        #expect(dearer.credits(model: "gemini-3-pro-image", size: .k1, batch: false) == 14)
    }
}

struct CreditSettlementTests {
    func task(status: TaskStatus, held: Int, state: CreditState = .reserved) throws -> ImageTask {
        var task = ImageTask(
            userID: UUID(), spec: try GenerationSpec.validate(GenerationDraft(prompt: "p"), defaultModel: "gemini-3-pro-image"), referenceFileIDs: [])
        task.status = status
        task.creditsHeld = held
        task.creditState = state
        return task
    }

    @Test func aNewTaskHoldsWhatItIsPricedAt() throws {
        #expect(try task(status: .queued, held: 134).creditHold == CreditMovement(kind: .reserve, delta: -134))
        #expect(try task(status: .queued, held: 0).creditHold == nil)
        #expect(try task(status: .queued, held: 134, state: .none).creditHold == nil)
    }

    @Test func aFailedOrCanceledTaskGivesBackAllItHeld() throws {
        for status in [TaskStatus.failed, .canceled] {
            var ended = try task(status: status, held: 134)
            #expect(ended.settleCredits(heldBefore: 134) == [CreditMovement(kind: .release, delta: 134)])
            #expect(ended.creditState == .released)
        }
    }

    @Test func aSuccessKeepsItsChargeAndGivesBackWhatABatchSaved() throws {
        var full = try task(status: .succeeded, held: 134)
        #expect(full.settleCredits(heldBefore: 134) == [CreditMovement(kind: .capture, delta: 0)])
        #expect(full.creditState == .captured)

        var economy = try task(status: .succeeded, held: 134)
        economy.charge(microUSD: 67_000, credits: 67)
        #expect(economy.creditsHeld == 67 && economy.costMicroUSD == 67_000)
        #expect(
            economy.settleCredits(heldBefore: 134) == [
                CreditMovement(kind: .capture, delta: 0), CreditMovement(kind: .release, delta: 67, reason: "delivered by a batch at half price"),
            ])
    }

    @Test func aChargeNeverRaisesWhatATaskHolds() throws {
        var task = try task(status: .succeeded, held: 67)
        task.charge(microUSD: 134_000, credits: 134)
        #expect(task.creditsHeld == 67 && task.costMicroUSD == 134_000)
    }

    @Test func nothingMovesForAnUnfinishedTaskOrOneThatHoldsNothing() throws {
        var running = try task(status: .running, held: 134)
        #expect(running.settleCredits(heldBefore: 134).isEmpty && running.creditState == .reserved)
        var free = try task(status: .succeeded, held: 0, state: .none)
        #expect(free.settleCredits(heldBefore: 0).isEmpty && free.creditState == .none)
        var settled = try task(status: .failed, held: 134, state: .released)
        #expect(settled.settleCredits(heldBefore: 134).isEmpty, "a task is settled once")
    }
}
