import Foundation
import GeminiClient
import GeminiEmulator
import Testing
import VTONImaging

/// What the emulator's 200 answers hold (gemini-rest.md §2.3–§2.5): thoughts before the final
/// image, each model's MIME type, the answers without a usable image, and usageMetadata.
struct EmulatorAnswerTests {
    static let redSquare = Data(
        base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4L8gARAwQCgAhygRB2y/+twAAAABJRU5ErkJggg==")!

    @Test(arguments: ["gemini-3-pro-image", "gemini-3.1-flash-image", "gemini-3.1-flash-lite-image", "gemini-nano-banana-2.1"])
    func gemini3ModelsThinkWithADraftThenAnswerJPEG(model: String) async throws {
        try await EmulatorHarness.run { emulator in
            let result = try await emulator.generate(model, prompt: "a lighthouse at dusk", size: "1K")
            #expect(result.status == 200)
            let parts = AnswerJSON.parts(result.body)
            #expect(parts.first?["thought"] as? Bool == true && parts.first?["text"] is String)
            let thoughtImages = parts.filter { $0["thought"] as? Bool == true }.compactMap(AnswerJSON.image)
            #expect(thoughtImages.count == 1)
            #expect(parts.filter { $0["thought"] as? Bool == true }.allSatisfy { $0["thoughtSignature"] == nil })
            let last = try #require(parts.last)
            #expect(last["thought"] == nil && last["thoughtSignature"] is String)
            let final = try #require(AnswerJSON.image(last))
            #expect(final.mimeType == "image/jpeg")
            #expect(ImageFormat.sniff(final.data) == .jpeg)
            let info = try ImageInspector.inspect(final.data)
            #expect((info.width, info.height) == (1024, 1024))
            let draft = try ImageInspector.inspect(try #require(thoughtImages.first).data)
            #expect(draft.width < info.width)
            // The client's outcome is the final image only.
            guard case .images(let images, _) = try await emulator.client.generateContent(model: model, request: EmulatorHarness.request("a kite"))
            else {
                Issue.record("no image")
                return
            }
            #expect(images.count == 1 && images[0].mimeType == "image/jpeg")
        }
    }

    @Test func gemini25FlashImageAnswersPNGWithoutThoughts() async throws {
        try await EmulatorHarness.run { emulator in
            let result = try await emulator.generate("gemini-2.5-flash-image", prompt: "a lighthouse")
            let parts = AnswerJSON.parts(result.body)
            #expect(parts.allSatisfy { $0["thought"] == nil })
            let final = try #require(parts.last.flatMap(AnswerJSON.image))
            #expect(final.mimeType == "image/png" && ImageFormat.sniff(final.data) == .png)
            #expect(AnswerJSON.usage(result.body)["thoughtsTokenCount"] == nil)
        }
    }

    @Test(arguments: [
        ("image_other", "IMAGE_OTHER"), ("image_prohibited", "IMAGE_PROHIBITED_CONTENT"), ("image_safety", "IMAGE_SAFETY"),
    ])
    func refusalsEndWithoutPartsAndSayWhy(directive: String, reason: String) async throws {
        try await EmulatorHarness.run(EmulatorConfiguration(faults: try FaultPlan.parse("\(directive):1"))) { emulator in
            for prompt in ["[[\(directive)]] a kite", "a kite drawn under the fault plan"] {
                let result = try await emulator.generate("gemini-3-pro-image", prompt: prompt)
                #expect(result.status == 200)
                let candidate = AnswerJSON.candidate(result.body)
                #expect(candidate["finishReason"] as? String == reason)
                #expect((candidate["finishMessage"] as? String)?.isEmpty == false)
                #expect(AnswerJSON.parts(result.body).isEmpty)
            }
        }
    }

    @Test func textOnlyIsAStopWithOneTextPart() async throws {
        try await EmulatorHarness.run { emulator in
            let result = try await emulator.generate("gemini-3-pro-image", prompt: "[[text_only]] a kite")
            #expect(AnswerJSON.candidate(result.body)["finishReason"] as? String == "STOP")
            let parts = AnswerJSON.parts(result.body)
            #expect(parts.count == 1)
            #expect((parts.first?["text"] as? String)?.hasPrefix("I can't draw that") == true)
            let outcome = try await emulator.client.generateContent(
                model: "gemini-3-pro-image", request: EmulatorHarness.request("[[text_only]] a kite"))
            guard case .noImage("STOP", let text) = outcome else {
                Issue.record("expected no image, got \(outcome)")
                return
            }
            #expect(text != nil)
        }
    }

    @Test func thoughtOnlyHasOnlyThoughtPartsWithAnImage() async throws {
        try await EmulatorHarness.run { emulator in
            let result = try await emulator.generate("gemini-3.1-flash-image", prompt: "[[thought_only]] a kite")
            #expect(AnswerJSON.candidate(result.body)["finishReason"] as? String == "STOP")
            let parts = AnswerJSON.parts(result.body)
            #expect(!parts.isEmpty && parts.allSatisfy { $0["thought"] as? Bool == true && $0["thoughtSignature"] == nil })
            let image = try #require(parts.compactMap(AnswerJSON.image).last)
            #expect(ImageFormat.sniff(image.data) != nil)
        }
    }

    @Test func slowAnswersNormallyAfterItsSeconds() async throws {
        try await EmulatorHarness.run(timeoutSeconds: 0.5) { emulator in
            do throws(GeminiError) {
                _ = try await emulator.client.generateContent(model: "gemini-3-pro-image", request: EmulatorHarness.request("[[slow:3]] a kite"))
                Issue.record("a slow answer beat a 0.5 s deadline")
            } catch {
                #expect(error == .timeout)
            }
        }
        try await EmulatorHarness.run { emulator in
            let started = ContinuousClock.now
            guard
                case .images = try await emulator.client.generateContent(
                    model: "gemini-3-pro-image", request: EmulatorHarness.request("[[slow:1]] a kite"))
            else {
                Issue.record("a slow answer had no image")
                return
            }
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }

    @Test func usageCountsPromptImagesOutputAndThoughts() async throws {
        try await EmulatorHarness.run { emulator in
            // "a lighthouse" is 12 characters: 3 text tokens; a Pro input image is 560.
            let pro = try await emulator.generate("gemini-3-pro-image", prompt: "a lighthouse", size: "2K", image: Self.redSquare)
            let usage = AnswerJSON.usage(pro.body)
            #expect(usage["promptTokenCount"] as? Int == 563)
            #expect(AnswerJSON.modalities(usage["promptTokensDetails"]) == ["TEXT": 3, "IMAGE": 560])
            // 1120 image tokens at 2K, and "Here is the image you asked for." is 32 characters: 8.
            #expect(usage["candidatesTokenCount"] as? Int == 1128)
            #expect(AnswerJSON.modalities(usage["candidatesTokensDetails"]) == ["TEXT": 8, "IMAGE": 1120])
            let thoughts = try #require(usage["thoughtsTokenCount"] as? Int)
            #expect((150...400).contains(thoughts))
            #expect(usage["totalTokenCount"] as? Int == 563 + 1128 + thoughts)
            let again = try await emulator.generate("gemini-3-pro-image", prompt: "a lighthouse", size: "2K", image: Self.redSquare)
            #expect(AnswerJSON.usage(again.body)["thoughtsTokenCount"] as? Int == thoughts)

            let flash = try await emulator.generate(
                "gemini-3.1-flash-image", prompt: "a red kite!", size: "512", modalities: ["IMAGE"], image: Self.redSquare)
            let flashUsage = AnswerJSON.usage(flash.body)
            #expect(flashUsage["promptTokenCount"] as? Int == 3 + 258)
            #expect(AnswerJSON.modalities(flashUsage["candidatesTokensDetails"]) == ["IMAGE": 747])
            let flashThoughts = try #require(flashUsage["thoughtsTokenCount"] as? Int)
            #expect(flashUsage["totalTokenCount"] as? Int == 261 + 747 + flashThoughts)

            let blocked = AnswerJSON.usage(try await emulator.generate("gemini-3-pro-image", prompt: "[[safety]] abcdefgh").body)
            #expect(blocked["promptTokenCount"] as? Int == 5 && blocked["totalTokenCount"] as? Int == 5)
        }
    }
}
