import Foundation
import GeminiClient
import GeminiEmulator
import Testing

/// `models.list` and `models.get` as Google answers them, and which models a key may call.
struct EmulatorModelsTests {
    /// Every model name, following nextPageToken.
    static func listAll(_ emulator: EmulatorHarness) async throws -> [[String: Any]] {
        var models: [[String: Any]] = []
        var token: String?
        repeat {
            let page = try await emulator.call(.GET, "/v1beta/models?pageSize=3" + (token.map { "&pageToken=\($0)" } ?? ""))
            #expect(page.status == 200)
            let entries = page.body["models"] as? [[String: Any]] ?? []
            #expect(entries.count <= 3)
            models += entries
            token = page.body["nextPageToken"] as? String
        } while token != nil
        return models
    }

    @Test func listShowsCurrentImageModelsAndTextModelsButNoShutDownOnes() async throws {
        try await EmulatorHarness.run { emulator in
            let models = try await Self.listAll(emulator)
            let names = models.compactMap { $0["name"] as? String }
            #expect(Set(names).isSuperset(of: ["models/gemini-3-pro-image", "models/gemini-3.1-flash-image", "models/gemini-2.5-flash-image"]))
            #expect(!names.contains("models/gemini-3-pro-image-preview"))
            let text = try #require(models.first { $0["name"] as? String == "models/gemini-2.5-flash" })
            #expect(text["supportedGenerationMethods"] as? [String] == ["generateContent"])
            let pro = try #require(models.first { $0["name"] as? String == "models/gemini-3-pro-image" })
            #expect(pro["displayName"] as? String == "Nano Banana Pro")
            #expect(pro["supportedGenerationMethods"] as? [String] == ["generateContent", "countTokens", "batchGenerateContent"])
            #expect(pro["thinking"] as? Bool == true)
            for field in ["version", "description", "inputTokenLimit", "outputTokenLimit", "temperature", "topP", "maxTemperature"] {
                #expect(pro[field] != nil, "\(field) missing")
            }

            let got = try await emulator.call(.GET, "/v1/models/gemini-2.5-flash-image")
            #expect(got.status == 200 && got.body["displayName"] as? String == "Nano Banana")
        }
    }

    @Test func shutDownModelsAreNotFoundEverywhere() async throws {
        try await EmulatorHarness.run { emulator in
            let get = try await emulator.call(.GET, "/v1beta/models/gemini-3-pro-image-preview")
            #expect(get.status == 404)
            let generate = try await emulator.generate("gemini-3.1-flash-image-preview", prompt: "a kite")
            #expect(generate.status == 404)
            let error = try #require(generate.body["error"] as? [String: Any])
            #expect(error["status"] as? String == "NOT_FOUND")
            #expect(
                error["message"] as? String
                    == "models/gemini-3.1-flash-image-preview is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."
            )
        }
    }

    @Test func aRestrictedKeySeesAndCallsOnlyItsModels() async throws {
        try await EmulatorHarness.run(EmulatorConfiguration(models: ["gemini-3.1-flash-image"])) { emulator in
            let names = try await Self.listAll(emulator).compactMap { $0["name"] as? String }
            #expect(names.filter { $0.hasSuffix("-image") || $0.contains("nano-banana") } == ["models/gemini-3.1-flash-image"])
            #expect(try await emulator.call(.GET, "/v1beta/models/gemini-3-pro-image").status == 404)
            #expect(try await emulator.generate("gemini-3-pro-image", prompt: "a kite").status == 404)
            let batch = #"{"batch":{"inputConfig":{"requests":{"requests":[{"request":{"contents":[{"parts":[{"text":"x"}]}]}}]}}}}"#
            let created = try await emulator.call(.POST, "/v1beta/models/gemini-3-pro-image:batchGenerateContent", json: batch)
            #expect(created.status == 404)
            #expect(((created.body["error"] as? [String: Any])?["message"] as? String)?.contains("not supported for batchGenerateContent") == true)
            #expect(try await emulator.generate("gemini-3.1-flash-image", prompt: "a kite", size: "512").status == 200)
        }
    }
}
