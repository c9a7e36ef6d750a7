import Foundation
import NIOHTTP1
import Testing

@testable import GeminiClient

/// What Google answers that the emulator used to spare us: zero quotas, thoughts without a
/// final image, and batch operations too large to hold.
struct GoogleAnswerTests {
    static func quotaBody(limit: String?, retry: Bool) -> Data {
        var details: [[String: Any]] = [
            [
                "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                "violations": [
                    [
                        "quotaMetric": "generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count",
                        "quotaId": "GenerateContentPaidTierInputTokensPerModelPerMinute",
                        "quotaDimensions": ["location": "global", "model": "gemini-3-pro-image"],
                    ].merging(limit.map { ["quotaValue": $0] } ?? [:]) { $1 }
                ],
            ]
        ]
        if retry { details.append(["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"]) }
        let message =
            "You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count, limit: \(limit ?? "0"), model: gemini-3-pro-image"
        let body: [String: Any] = ["error": ["code": 429, "message": message, "status": "RESOURCE_EXHAUSTED", "details": details]]
        return try! JSONSerialization.data(withJSONObject: body)
    }

    @Test func aZeroQuotaIsNotRetryableAndAnExhaustedOneWaitsAsTold() {
        let zero = GeminiRESTClient.decodeError(status: 429, headers: [:], body: Self.quotaBody(limit: "0", retry: false))
        guard case .quotaZero(let message) = zero else {
            Issue.record("expected quotaZero, got \(zero)")
            return
        }
        #expect(message.contains("limit: 0"))
        #expect(!zero.isRetryable)
        // Without a quotaValue the message's "limit: 0," still says it.
        #expect(GeminiRESTClient.decodeError(status: 429, headers: [:], body: Self.quotaBody(limit: nil, retry: false)) == zero)
        let busy = GeminiRESTClient.decodeError(status: 429, headers: [:], body: Self.quotaBody(limit: "10", retry: true))
        #expect(busy.isRetryable)
        #expect(busy.retryDelay == 17)
    }

    @Test func theLastThoughtImageStandsInWhenNoFinalImageCame() throws {
        let response = GenerateContentResponse(
            candidates: [
                Candidate(
                    content: Content(
                        role: "model",
                        parts: [
                            Part(text: "Sketching", thought: true),
                            Part(inlineData: InlineData(mimeType: "image/png", data: Base64.encode(Array("first".utf8))), thought: true),
                            Part(inlineData: InlineData(mimeType: "image/jpeg", data: Base64.encode(Array("second".utf8))), thought: true),
                        ]), finishReason: "STOP")
            ])
        #expect(try GenerationOutcome(response) == .images([GeneratedImage(mimeType: "image/jpeg", data: Data("second".utf8))], text: nil))
    }

    @Test func textOnlyIsNoImageWithTheModelsWords() throws {
        let response = GenerateContentResponse(
            candidates: [Candidate(content: Content(role: "model", parts: [Part(text: "I would rather describe it.")]), finishReason: "STOP")])
        #expect(try GenerationOutcome(response) == .noImage(finishReason: "STOP", text: "I would rather describe it."))
    }

    /// Every inline result comes out on its own, whatever the chunking, and the rest of the
    /// operation decodes with both copies of the results emptied.
    @Test(arguments: [1, 7, 64, 100_000])
    func inlineResultsAreSplitOffTheOperation(chunkSize: Int) throws {
        let item = { (key: String) -> [String: Any] in
            [
                "response": ["candidates": [["content": ["parts": [["text": "a \"quoted\" ], { tricky"]]], "finishReason": "STOP"]]],
                "metadata": ["key": key],
            ]
        }
        let items = (0..<3).map { item("k\($0)") }
        let operation: [String: Any] = [
            "response": ["@type": "x", "inlinedResponses": ["inlinedResponses": items]],
            "name": "batches/abc",
            "metadata": [
                "state": "BATCH_STATE_SUCCEEDED", "output": ["inlinedResponses": ["inlinedResponses": items]],
                "batchStats": ["requestCount": "3", "successfulRequestCount": "3"],
            ],
            "done": true,
        ]
        let bytes = Array(try JSONSerialization.data(withJSONObject: operation))
        var splitter = InlinedResponseSplitter(maxElementBytes: 10_000)
        var emitted: [Data] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            try splitter.feed(bytes[start..<min(start + chunkSize, bytes.count)]) { emitted.append($0) }
        }
        #expect(emitted.count == 3)
        let keys = try emitted.map { try JSONDecoder().decode(InlinedResponse.self, from: $0).metadata?.key }
        #expect(keys == ["k0", "k1", "k2"])
        let job = try BatchJob(JSONDecoder().decode(BatchOperation.self, from: splitter.skeleton), inlinedResponseCount: splitter.elementCount)
        #expect(job.state == .succeeded && job.inlinedResponseCount == 3)
        #expect(splitter.skeleton.count < bytes.count / 2)
    }

    @Test func anInlineResultLargerThanTheCapIsRefused() throws {
        let big = String(repeating: "x", count: 5000)
        let body = Data(#"{"metadata":{"output":{"inlinedResponses":{"inlinedResponses":[{"error":{"code":3,"message":"\#(big)"}}]}}}}"#.utf8)
        var splitter = InlinedResponseSplitter(maxElementBytes: 1000)
        #expect(throws: GeminiError.responseTooLarge(limit: 1000)) { try splitter.feed(body) { _ in } }
    }
}
