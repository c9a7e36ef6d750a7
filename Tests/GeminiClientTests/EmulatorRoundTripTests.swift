import AsyncHTTPClient
import Foundation
import GeminiEmulator
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import VTONImaging

@testable import GeminiClient

/// The real REST client against the emulator over loopback HTTP.
struct EmulatorRoundTripTests {
    let logger = Logger(label: "test")

    func withEmulator(_ body: @Sendable (GeminiRESTClient, Int) async throws -> Void) async throws {
        let app = EmulatorServer.buildApplication(configuration: EmulatorConfiguration(port: 0), logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let rest = GeminiRESTClient(
                configuration: GeminiConfiguration(baseURL: "http://127.0.0.1:\(port)", apiKey: "test-key", timeoutSeconds: 30), logger: logger)
            try await body(rest, port)
        }
    }

    static func request(_ prompt: String, ratio: String, size: String?) -> GenerateContentRequest {
        GenerateContentRequest(
            contents: [Content(role: "user", parts: [.text(prompt)])],
            generationConfig: GenerationConfig(responseModalities: ["TEXT", "IMAGE"], imageConfig: ImageConfig(aspectRatio: ratio, imageSize: size)))
    }

    @Test func imageHasTheDocumentedSizeAndTheAnswerHasText() async throws {
        try await withEmulator { client, _ in
            let outcome = try await client.generateContent(
                model: "gemini-3-pro-image", request: Self.request("a lighthouse", ratio: "16:9", size: "2K"))
            guard case .images(let images, let text) = outcome else {
                Issue.record("expected an image, got \(outcome)")
                return
            }
            #expect(images.count == 1)
            let info = try ImageInspector.inspect(images[0].data)
            #expect((info.width, info.height) == (2752, 1536))
            #expect(text != nil)
        }
    }

    @Test func sameRequestSameImageDifferentPromptDifferentImage() async throws {
        try await withEmulator { client, _ in
            func image(_ prompt: String) async throws -> Data {
                guard
                    case .images(let images, _) = try await client.generateContent(
                        model: "gemini-2.5-flash-image", request: Self.request(prompt, ratio: "1:1", size: nil))
                else { return Data() }
                return images[0].data
            }
            let first = try await image("a red kite")
            #expect(!first.isEmpty)
            #expect(try await image("a red kite") == first)
            #expect(try await image("a blue kite") != first)
        }
    }

    @Test func unknownModelIsNotFound() async throws {
        try await withEmulator { client, _ in
            await #expect(throws: GeminiError.self) {
                try await client.generateContent(model: "gemini-9-image", request: Self.request("x", ratio: "1:1", size: nil))
            }
            do throws(GeminiError) {
                _ = try await client.generateContent(model: "gemini-9-image", request: Self.request("x", ratio: "1:1", size: nil))
            } catch {
                guard case .http(404, "NOT_FOUND", let message, _) = error else { throw error }
                #expect(message.contains("models/gemini-9-image is not found"))
            }
        }
    }

    @Test(arguments: [
        ("gemini-3-pro-image", "7:3", "1K"), ("gemini-3-pro-image", "1:1", "1k"), ("gemini-3-pro-image", "1:4", "1K"),
        ("gemini-2.5-flash-image", "1:1", "1K"), ("gemini-3-pro-image", "1:1", "512"),
    ])
    func invalidImageOptionsAreRejected(model: String, ratio: String, size: String) async throws {
        try await withEmulator { client, _ in
            do throws(GeminiError) {
                _ = try await client.generateContent(model: model, request: Self.request("x", ratio: ratio, size: size))
                Issue.record("\(model) \(ratio) \(size) was accepted")
            } catch {
                guard case .http(400, "INVALID_ARGUMENT", _, _) = error else { throw error }
            }
        }
    }

    @Test func unknownSnakeCaseFieldRejectedKnownOnesAccepted() async throws {
        try await withEmulator { _, port in
            func post(_ body: String, key: String? = "k") async throws -> (Int, String) {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1beta/models/gemini-3-pro-image:generateContent")
                request.method = .POST
                if let key { request.headers.add(name: "x-goog-api-key", value: key) }
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 26)))
            }
            let bogus = try await post(#"{"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"image_sizes":"1K"}}"#)
            #expect(bogus.0 == 400)
            #expect(bogus.1.contains(#"Unknown name \"image_sizes\" at 'generation_config'"#))
            let snake = try await post(
                #"{"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"response_modalities":["Image"],"image_config":{"aspect_ratio":"4:5"}}}"#
            )
            #expect(snake.0 == 200)
            let noKey = try await post(#"{"contents":[{"parts":[{"text":"x"}]}]}"#, key: nil)
            #expect(noKey.0 == 403)
            #expect(noKey.1.contains("PERMISSION_DENIED"))
        }
    }

    @Test func directiveFailsThenSucceedsWithRetryableError() async throws {
        try await withEmulator { client, _ in
            let request = Self.request("[[fail:503*1]] a boat", ratio: "1:1", size: "1K")
            do throws(GeminiError) {
                _ = try await client.generateContent(model: "gemini-3-pro-image", request: request)
                Issue.record("the first call should fail")
            } catch {
                #expect(
                    error
                        == .http(status: 503, statusName: "UNAVAILABLE", message: "The model is overloaded. Please try again later.", retryDelay: nil)
                )
                #expect(error.isRetryable)
            }
            guard case .images = try await client.generateContent(model: "gemini-3-pro-image", request: request) else {
                Issue.record("the second call should succeed")
                return
            }
        }
    }

    @Test func clientDeadlineBecomesTimeout() async throws {
        let app = EmulatorServer.buildApplication(configuration: EmulatorConfiguration(port: 0), logger: logger)
        try await app.test(.live) { client in
            let rest = GeminiRESTClient(
                configuration: GeminiConfiguration(baseURL: "http://127.0.0.1:\(client.port!)", apiKey: "k", timeoutSeconds: 0.5), logger: logger)
            do throws(GeminiError) {
                _ = try await rest.generateContent(model: "gemini-3-pro-image", request: Self.request("[[hang]]", ratio: "1:1", size: nil))
                Issue.record("a hanging call returned")
            } catch {
                #expect(error == .timeout)
            }
        }
    }

    @Test func bodyCapIsEnforced() async throws {
        let app = EmulatorServer.buildApplication(configuration: EmulatorConfiguration(port: 0), logger: logger)
        try await app.test(.live) { client in
            let rest = GeminiRESTClient(
                configuration: GeminiConfiguration(baseURL: "http://127.0.0.1:\(client.port!)", apiKey: "k", maxResponseBytes: 1024), logger: logger)
            do throws(GeminiError) {
                _ = try await rest.generateContent(model: "gemini-3-pro-image", request: Self.request("big", ratio: "1:1", size: "1K"))
                Issue.record("an oversized answer was accepted")
            } catch {
                #expect(error == .responseTooLarge(limit: 1024))
            }
        }
    }
}
