import Foundation
import NIOHTTP1
import Testing

@testable import GeminiClient

/// Recorded wire answers (Fixtures/) decoded into typed outcomes and errors.
struct ResponseDecodingTests {
    func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    func outcome(_ name: String) throws -> GenerationOutcome {
        try GenerationOutcome(JSONDecoder().decode(GenerateContentResponse.self, from: fixture(name)))
    }

    @Test func promptBlockIsBlocked() throws {
        #expect(try outcome("blocked") == .blocked(reason: "PROHIBITED_CONTENT", message: nil))
    }

    @Test func imageSafetyFinishIsBlockedWithItsMessage() throws {
        #expect(try outcome("image-safety") == .blocked(reason: "IMAGE_SAFETY", message: "Unable to show the generated image."))
    }

    @Test func stopWithoutImageIsNoImage() throws {
        #expect(try outcome("no-image") == .noImage(finishReason: "STOP", text: "I can describe it instead: a cat in a meadow."))
    }

    @Test func thoughtsAreSkippedAndUrlSafeBase64Decodes() throws {
        guard case .images(let images, let text) = try outcome("text-and-image") else {
            Issue.record("expected images")
            return
        }
        #expect(text == "Here is your poster.")
        #expect(images.count == 1)
        #expect(images[0].mimeType == "image/jpeg")
        #expect(images[0].data == Data(base64Encoded: "/+/+ZmluYWw="))
    }

    @Test func rateLimitCarriesRetryDelay() throws {
        let error = GeminiRESTClient.decodeError(status: 429, headers: [:], body: try fixture("rate-limited"))
        guard case .http(let status, let name, let message, let delay) = error else {
            Issue.record("expected an HTTP error, got \(error)")
            return
        }
        #expect(status == 429)
        #expect(name == "RESOURCE_EXHAUSTED")
        #expect(message.hasPrefix("You exceeded your current quota"))
        #expect(delay == 17)
        #expect(error.isRetryable)
    }

    @Test func errorWrappedInArrayAndRetryAfterHeader() throws {
        let error = GeminiRESTClient.decodeError(status: 503, headers: HTTPHeaders([("Retry-After", "4")]), body: try fixture("overloaded-array"))
        #expect(error == .http(status: 503, statusName: "UNAVAILABLE", message: "The model is overloaded. Please try again later.", retryDelay: 4))
    }

    @Test func nonJSONErrorKeepsRawText() {
        let error = GeminiRESTClient.decodeError(status: 502, headers: [:], body: Data("<html>Bad Gateway</html>".utf8))
        #expect(error == .http(status: 502, statusName: nil, message: "<html>Bad Gateway</html>", retryDelay: nil))
        #expect(error.isRetryable)
    }

    @Test(arguments: [400, 403, 404])
    func clientErrorsAreNotRetried(status: Int) {
        #expect(!GeminiError.http(status: status, statusName: nil, message: "", retryDelay: nil).isRetryable)
    }

    @Test func unknownEnumValuesDecode() throws {
        let json = #"{"candidates":[{"content":{"parts":[{"text":"hm"}]},"finishReason":"SOMETHING_NEW"}]}"#
        let outcome = try GenerationOutcome(JSONDecoder().decode(GenerateContentResponse.self, from: Data(json.utf8)))
        #expect(outcome == .noImage(finishReason: "SOMETHING_NEW", text: "hm"))
    }

    @Test func base64AcceptsBothAlphabetsAndMissingPadding() {
        #expect(Base64.decode("-_8") == Data([0xFB, 0xFF]))
        #expect(Base64.decode("+/8=") == Data([0xFB, 0xFF]))
        #expect(Base64.decode("not base64!") == nil)
    }

    @Test func requestEncodesCamelCaseAndOmitsAbsentFields() throws {
        let request = GenerateContentRequest(
            contents: [Content(role: "user", parts: [.text("cat")])],
            generationConfig: GenerationConfig(responseModalities: ["IMAGE"], imageConfig: ImageConfig(aspectRatio: "16:9")))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(request), as: UTF8.self)
        #expect(
            json
                == #"{"contents":[{"parts":[{"text":"cat"}],"role":"user"}],"generationConfig":{"imageConfig":{"aspectRatio":"16:9"},"responseModalities":["IMAGE"]}}"#
        )
    }
}
