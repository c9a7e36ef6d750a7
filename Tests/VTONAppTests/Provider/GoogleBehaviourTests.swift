import Foundation
import Testing
import VTONDomain

@testable import VTONApp

/// Issue 17: what Google does on the first day with a real key, reproduced by the emulator and
/// handled by the real client, worker and accounting.
@Suite(.timeLimit(.minutes(3)))
struct GoogleBehaviourTests {
    @Test func aZeroQuotaFailsTheTaskAtOnceAndTheOperatorIsTold() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "[[quota0]] a red dress"], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "failed")
            let error = try #require(task["error"] as? [String: Any])
            #expect(error["code"] as? String == "PROVIDER_QUOTA")
            #expect((error["message"] as? String)?.contains("enable billing") == true)
            // Not retried: a zero quota does not come back by waiting.
            #expect(task["attempts"] as? Int == 1)
            #expect(await server.journal.received.count == 1)

            let ready = try await server.request(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.json["provider"] as? String == "billing_required")
            #expect((ready.json["provider_message"] as? String)?.contains("enable billing") == true)
            let status = try await server.request(.get, "/api/v1/system/status", token: token).json
            let problems = try #require(status["provider_problems"] as? [[String: Any]])
            #expect(problems.first?["code"] as? String == "PROVIDER_QUOTA")
            #expect(problems.first?["model"] as? String == "gemini-3-pro-image")

            // Billing enabled: the next answer clears the warning.
            _ = try await server.waitForTask(try await server.createTask(["prompt": "a blue dress"], token: token), token: token)
            #expect(try await server.request(.get, "/readyz").json["provider"] as? String == "ok")
        }
    }

    @Test func anUnansweredCallIsRetriedOnceAndTheTaskSaysItMayHaveBeenBilled() async throws {
        try await TestServer.run(configure: { configuration, _ in
            configuration.providerDeadlines = try! ProviderDeadlines.parse("1K=1")
        }) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "[[slow:4]] a coat", "resolution": "1K"], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "failed")
            let error = try #require(task["error"] as? [String: Any])
            #expect(error["code"] as? String == "TIMEOUT")
            #expect((error["message"] as? String)?.contains("billed") == true)
            // Two calls, not the policy's four: the provider may have run each of them.
            #expect(task["attempts"] as? Int == 2)
            #expect(await server.journal.received.count == 2)
            let provider = try #require(task["provider"] as? [String: Any])
            #expect(provider["unanswered_calls"] as? Int == 2)
        }
    }

    @Test func repliesWithoutAFinalImageEndAsTheModelMeantThem() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let thought = try await server.waitForTask(try await server.createTask(["prompt": "[[thought_only]] a hat"], token: token), token: token)
            #expect(thought["status"] as? String == "succeeded")
            #expect(((thought["result"] as? [String: Any])?["images"] as? [Any])?.count == 1)

            let text = try await server.waitForTask(try await server.createTask(["prompt": "[[text_only]] a scarf"], token: token), token: token)
            let textError = try #require(text["error"] as? [String: Any])
            #expect(textError["code"] as? String == "NO_IMAGE")
            #expect((textError["message"] as? String)?.contains("model said") == true)

            let other = try await server.waitForTask(try await server.createTask(["prompt": "[[image_other]] a belt"], token: token), token: token)
            #expect((other["error"] as? [String: Any])?["code"] as? String == "NO_IMAGE")
            #expect(((other["error"] as? [String: Any])?["message"] as? String)?.contains("IMAGE_OTHER") == true)

            let prohibited = try await server.waitForTask(
                try await server.createTask(["prompt": "[[image_prohibited]] a glove"], token: token), token: token)
            #expect((prohibited["error"] as? [String: Any])?["code"] as? String == "SAFETY_BLOCKED")
        }
    }

    @Test func onlyAnImageIsAskedFor() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            _ = try await server.waitForTask(try await server.createTask(["prompt": "a skirt"], token: token), token: token)
            let sent = try #require(await server.journal.received.last)
            #expect(sent.request.generationConfig?.responseModalities == ["IMAGE"])
        }
    }

    @Test func eachTaskRecordsWhatTheProviderReallyBills() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let reference = try TestServer.dataURL("person-small.png")
            let id = try await server.createTask(["prompt": "a jacket", "reference_images": [reference]], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "succeeded")
            let provider = try #require(task["provider"] as? [String: Any])
            let usage = TokenUsage(
                promptTokens: try #require(provider["prompt_tokens"] as? Int), imageOutputTokens: try #require(provider["image_tokens"] as? Int),
                textOutputTokens: try #require(provider["text_tokens"] as? Int), thoughtTokens: try #require(provider["thought_tokens"] as? Int))
            #expect(usage.imageOutputTokens == 1120)
            // The reference image and the prompt are read, and the model thinks: all billed.
            #expect(usage.promptTokens > 560 && usage.thoughtTokens > 0)
            let pro = try #require(ModelCatalogue.model(id: "gemini-3-pro-image"))
            let cost = pro.rates.costMicroUSD(usage, batch: false)
            #expect(provider["cost_usd"] as? Double == Money.usd(microUSD: cost))
            #expect(cost > 134_000, "more than the list price of the image alone")
            // The credit hold stays the list price.
            #expect(task["cost_usd"] as? Double == 0.134)

            let status = try await server.request(.get, "/api/v1/system/status", token: token).json
            let spending = try #require(status["spending"] as? [String: Any])
            #expect(spending["provider_cost_usd"] as? Double == Money.usd(microUSD: cost))
            #expect(spending["tasks_with_provider_cost"] as? Int == 1)
            let metrics = String(decoding: try await server.request(.get, "/metrics").data, as: UTF8.self)
            #expect(metrics.contains("vton_provider_cost_microusd_total{model=\"gemini-3-pro-image\"} \(cost)"))
        }
    }

    @Test func aBatchSumsItsAnswersRealCostAtBatchRates() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["a", "b"]], token: token)
            let name = try #require(created.json["batch_name"] as? String)
            let status = try await BatchFlowTests().waitForState(server, name, token: token, ["SUCCEEDED"])
            let ids = try #require(created.json["task_ids"] as? [String])
            var sum = 0.0
            for id in ids {
                let provider = try #require(try await server.task(id, token: token)["provider"] as? [String: Any])
                let tokens = try #require(provider["image_tokens"] as? Int)
                #expect(tokens == 1120)
                sum += try #require(provider["cost_usd"] as? Double)
            }
            #expect(abs((status["provider_cost_usd"] as? Double ?? 0) - sum) < 1e-9)
            #expect(sum < 2 * 0.134, "batch rates are half")
        }
    }

    /// Large results come back as a file, small ones inline; either way they are read one at a
    /// time, so neither is held whole against the body cap.
    @Test(arguments: [(prompts: 4, size: "2K"), (prompts: 2, size: "1K")])
    func batchResultsAreNeverHeldWhole(prompts: Int, size: String) async throws {
        try await TestServer.run(configure: { configuration, overrides in
            configuration.providerMaxResponseBytes = 256 * 1024
            overrides.emulatorGrain = true
        }) { server in
            let token = try await server.login()
            let body: [String: Any] = ["prompts": (0..<prompts).map { "look \($0)" }, "resolution": size]
            let created = try await server.request(.post, "/api/v1/images/batch-generate", json: body, token: token)
            #expect(created.status == .created, "\(created.json)")
            let name = try #require(created.json["batch_name"] as? String)
            let status = try await BatchFlowTests().waitForState(server, name, token: token, ["SUCCEEDED", "FAILED"])
            #expect(status["completed_count"] as? Int == prompts, "\(status)")
        }
    }

    @Test func onlyModelsTheProviderOffersAreOffered() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let list = try await server.request(.get, "/api/v1/models", token: token)
            #expect(list.status == .ok)
            let models = try #require(list.json["models"] as? [[String: Any]])
            let ids = models.compactMap { $0["id"] as? String }
            #expect(ids.contains("gemini-3-pro-image"))
            #expect(!ids.contains { $0.hasSuffix("-preview") })
            let pro = try #require(models.first { $0["id"] as? String == "gemini-3-pro-image" })
            #expect(pro["is_default"] as? Bool == true)
            let prices = try #require(pro["prices"] as? [[String: Any]])
            #expect(prices.first { $0["resolution"] as? String == "4K" }?["usd"] as? Double == 0.24)

            let retired = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "x", "model": "gemini-3-pro-image-preview"], token: token)
            #expect(retired.status == .unprocessableContent)
            #expect((retired.json["field"] as? String ?? "\(retired.json)").contains("model"))
            #expect("\(retired.json)".contains("shut down"))
        }
    }
}
