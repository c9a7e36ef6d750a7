import Foundation
import GeminiClient
import Testing
import VTONDomain

@testable import VTONApp

/// The worker's retries against a scripted provider, on the in-memory repositories: what is
/// retried, how often, and what the task and its owner's credits say afterwards.
struct TaskWorkerRetryTests {
    let harness = ServiceHarness()

    static let unavailable = GeminiError.http(status: 503, statusName: "UNAVAILABLE", message: "overloaded", retryDelay: nil)
    static let blocked = GenerationReply(outcome: .blocked(reason: "SAFETY", message: nil), usage: nil)

    func queued(_ caller: Identity) async throws -> ImageTask {
        try await harness.service.create(GenerationDraft(prompt: "a cat"), caller: caller).task
    }

    @Test func retryableErrorsAreRetriedUntilTheProviderAnswers() async throws {
        let caller = try await harness.caller(credits: 1_000)
        let provider = ScriptedImageGenerator([
            .failure(Self.unavailable), .failure(.http(status: 429, statusName: "RESOURCE_EXHAUSTED", message: "slow down", retryDelay: 0)),
            .success(Self.blocked),
        ])
        let ended = try await harness.run(try await queued(caller), on: harness.worker(provider))
        #expect(provider.callCount == 3)
        #expect(ended.status == .failed && ended.failure?.code == .safetyBlocked && ended.attempts == 3)
        #expect(ended.creditState == .released)
        #expect(try await harness.balance(of: caller) == 1_000)
    }

    @Test func aRejectedRequestIsNotRetriedAndLeavesNoCharge() async throws {
        let caller = try await harness.caller()
        let provider = ScriptedImageGenerator([.failure(.http(status: 400, statusName: "INVALID_ARGUMENT", message: "bad", retryDelay: nil))])
        let ended = try await harness.run(try await queued(caller), on: harness.worker(provider))
        #expect(provider.callCount == 1)
        #expect(ended.failure?.code == .providerRejected && ended.attempts == 1 && ended.providerCharge == nil)
    }

    @Test func attemptsStopAtThePolicysLimit() async throws {
        let caller = try await harness.caller()
        let provider = ScriptedImageGenerator([.failure(Self.unavailable)])
        let ended = try await harness.run(try await queued(caller), on: harness.worker(provider, maxAttempts: 3))
        #expect(provider.callCount == 3)
        #expect(ended.failure?.code == .providerUnavailable && ended.attempts == 3)
        #expect(ended.failure?.message.contains("after 3 attempt(s)") == true, "\(String(describing: ended.failure))")
    }

    @Test func aCallThatGotNoAnswerIsTriedOnceMoreAtMostAndReported() async throws {
        let caller = try await harness.caller()
        let provider = ScriptedImageGenerator([.failure(.timeout), .failure(.timeout), .success(Self.blocked)])
        let ended = try await harness.run(try await queued(caller), on: harness.worker(provider))
        #expect(provider.callCount == 2, "a third call could be billed a third time")
        #expect(ended.failure?.code == .timeout && ended.providerCharge?.unansweredCalls == 2)
    }

    @Test func aZeroQuotaIsReportedToTheOperatorAndNotRetried() async throws {
        let caller = try await harness.caller()
        let provider = ScriptedImageGenerator([.failure(.quotaZero(message: "limit: 0"))])
        let worker = harness.worker(provider)
        let ended = try await harness.run(try await queued(caller), on: worker)
        #expect(provider.callCount == 1)
        #expect(ended.failure?.code == .providerQuota)
        #expect(worker.health.quotaProblems.map(\.model) == [ServiceHarness.model])
    }

    @Test func anImageAfterARetryIsStoredAndItsPriceCaptured() async throws {
        let caller = try await harness.caller(credits: 1_000)
        let image = GeneratedImage(mimeType: "image/png", data: try TestServer.fixture("person-small.png"))
        let usage = UsageMetadata(promptTokenCount: 10, candidatesTokenCount: 1120, thoughtsTokenCount: nil, totalTokenCount: 1130)
        let provider = ScriptedImageGenerator([
            .failure(Self.unavailable), .success(GenerationReply(outcome: .images([image], text: nil), usage: usage)),
        ])
        let ended = try await harness.run(try await queued(caller), on: harness.worker(provider))
        #expect(ended.status == .succeeded && ended.attempts == 2)
        #expect(ended.costMicroUSD == 134_000 && ended.creditState == .captured)
        // 10 prompt tokens at US$2/M and 1,120 image tokens at US$120/M.
        #expect(ended.providerCharge?.costMicroUSD == 20 + 134_400)
        #expect(try await harness.balance(of: caller) == 1_000 - 134)
        let fileID = try #require(ended.result?.images.first?.fileID)
        #expect(try await harness.files.find(id: fileID)?.width == 128)
    }
}
