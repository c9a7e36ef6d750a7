import Foundation
import GeminiClient
import GeminiEmulator
import Testing

/// The emulator's 429s are shaped as Google's (gemini-rest.md §4.2): a zero quota for a key
/// without billing, without RetryInfo, and an exhausted quota that says when to retry.
struct EmulatorQuotaTests {
    /// Asserts the zero-quota body: QuotaFailure with quotaValue "0" for the model, a Help link, no RetryInfo.
    static func expectQuotaZero(_ result: (status: Int, body: [String: Any]), model: String) throws {
        #expect(result.status == 429)
        let error = try #require(result.body["error"] as? [String: Any])
        #expect(error["code"] as? Int == 429)
        #expect(error["status"] as? String == "RESOURCE_EXHAUSTED")
        #expect((error["message"] as? String)?.contains("limit: 0, model: \(model)") == true)
        let failure = try #require(AnswerJSON.details(result.body, type: "QuotaFailure"))
        let violations = try #require(failure["violations"] as? [[String: Any]])
        #expect(!violations.isEmpty)
        for violation in violations {
            #expect(violation["quotaValue"] as? String == "0")
            #expect(violation["quotaDimensions"] as? [String: String] == ["location": "global", "model": model])
            #expect((violation["quotaMetric"] as? String)?.hasPrefix("generativelanguage.googleapis.com/generate_content_") == true)
            #expect(violation["quotaId"] is String)
        }
        let help = try #require(AnswerJSON.details(result.body, type: "Help"))
        #expect((help["links"] as? [[String: Any]])?.first?["url"] as? String == "https://ai.google.dev/gemini-api/docs/rate-limits")
        #expect(AnswerJSON.details(result.body, type: "RetryInfo") == nil)
    }

    @Test func billingOffRefusesEveryGenerationWithAZeroQuota() async throws {
        try await EmulatorHarness.run(EmulatorConfiguration(billing: false)) { emulator in
            try Self.expectQuotaZero(try await emulator.generate("gemini-3-pro-image", prompt: "a lighthouse"), model: "gemini-3-pro-image")
            let batch = #"{"batch":{"inputConfig":{"requests":{"requests":[{"request":{"contents":[{"parts":[{"text":"x"}]}]}}]}}}}"#
            try Self.expectQuotaZero(
                try await emulator.call(.POST, "/v1beta/models/gemini-3.1-flash-image:batchGenerateContent", json: batch),
                model: "gemini-3.1-flash-image")
            do throws(GeminiError) {
                _ = try await emulator.client.generateContent(model: "gemini-2.5-flash-image", request: EmulatorHarness.request("x", size: nil))
                Issue.record("a key without billing generated an image")
            } catch {
                // The client reads the zero quota: not retryable, unlike an exhausted one.
                guard case .quotaZero(let message) = error else { throw error }
                #expect(message.contains("limit: 0"))
                #expect(!error.isRetryable)
            }
            // Listing models costs nothing and still works.
            #expect(try await emulator.call(.GET, "/v1beta/models").status == 200)
        }
    }

    @Test func quotaZeroDirectiveAndFault() async throws {
        try await EmulatorHarness.run { emulator in
            try Self.expectQuotaZero(
                try await emulator.generate("gemini-3.1-flash-image", prompt: "[[quota0]] a kite"), model: "gemini-3.1-flash-image")
        }
        let plan = try FaultPlan.parse("quota0:1")
        try await EmulatorHarness.run(EmulatorConfiguration(faults: plan)) { emulator in
            try Self.expectQuotaZero(try await emulator.generate("gemini-3-pro-image", prompt: "a kite"), model: "gemini-3-pro-image")
        }
    }

    @Test func exhaustedQuotaCarriesItsLimitAndARetryDelay() async throws {
        try await EmulatorHarness.run { emulator in
            let result = try await emulator.generate("gemini-3-pro-image", prompt: "[[fail:429]] a kite")
            #expect(result.status == 429)
            let failure = try #require(AnswerJSON.details(result.body, type: "QuotaFailure"))
            let violation = try #require((failure["violations"] as? [[String: Any]])?.first)
            #expect(violation["quotaValue"] as? String == "10")
            #expect(violation["quotaDimensions"] as? [String: String] == ["location": "global", "model": "gemini-3-pro-image"])
            #expect(AnswerJSON.details(result.body, type: "RetryInfo")?["retryDelay"] as? String == "1s")
            do throws(GeminiError) {
                _ = try await emulator.client.generateContent(model: "gemini-3-pro-image", request: EmulatorHarness.request("[[fail:429]] a kite"))
                Issue.record("an injected 429 answered")
            } catch {
                #expect(error.retryDelay == 1)
                #expect(error.isRetryable)
            }
        }
    }
}
