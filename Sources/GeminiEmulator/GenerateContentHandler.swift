import Foundation
import GeminiClient
import Hummingbird
import ServiceLifecycle
import VTONDomain
import VTONImaging

/// Answers `models/{model}:generateContent` the way the service does (gemini-rest.md §2–§4).
struct GenerateContentHandler: Sendable {
    let configuration: EmulatorConfiguration
    let journal: RequestJournal
    let callLog: CallLog?
    let models: ModelDirectory
    static let acceptedMimeTypes: Set<String> = ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"]

    /// What one request asks for, once it passed validation.
    struct Prepared: Sendable {
        let model: ImageModel
        let prompt: String
        let images: [Data]
        let aspectRatio: String
        let size: ImageSize
        let wantsText: Bool
        /// Fixes everything drawn or counted for this request, so the same request gets the same answer.
        let fingerprint: UInt64
        /// Whether the image gets the grain that gives it realistic bytes (`EmulatorConfiguration.grain`).
        var grain = true
    }

    func respond(model modelID: String, version: String, body: Data) async throws -> Response {
        let model = try models.imageModel(modelID, version: version, method: "generateContent")
        guard configuration.billing else { throw ProviderError.quotaZero(model: model.id) }
        let request = try Self.decode(body)
        var prepared = try Self.prepare(request, model: model)
        prepared.grain = configuration.grain
        await journal.record(.init(model: model.id, request: request))
        try await callLog?.append(.init(model: model.id, prompt: prepared.prompt))
        let fault = await fault(for: prepared.prompt)
        switch fault {
        case .hang:
            // Never answers, but gives way when the server shuts down.
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
            throw CancellationError()
        case .status(let status):
            throw ProviderError.injected(status, model: model.id)
        case .quotaZero:
            throw ProviderError.quotaZero(model: model.id)
        default:
            // The latency is the whole answer time, drawing and encoding included, as with the
            // real model: work done after the sleep made calls slower than asked, and 32 answers
            // due at once queued behind each other's encoding.
            var wait = latency(for: prepared.size)
            if case .slow(let seconds) = fault { wait = max(wait, .milliseconds(Int(seconds * 1000))) }
            let due = ContinuousClock.now + wait
            let response = try EmulatorServer.json(try await Self.produce(prepared, fault: fault))
            try await cancelWhenGracefulShutdown { try await Task.sleep(until: due, clock: .continuous) }
            return response
        }
    }

    /// The configured latency is a 1K answer's; larger images take longer, as the service's do.
    func latency(for size: ImageSize) -> Duration {
        let factor: Double =
            switch size {
            case .px512: 0.5
            case .k1: 1
            case .k2: 2
            case .k4: 4
            }
        return .milliseconds(Int(Double(configuration.latencyMilliseconds) * factor))
    }

    func fault(for prompt: String) async -> FaultPlan.Fault? {
        if let directive = PromptDirective.find(in: prompt) {
            guard let times = directive.times else { return directive.fault }
            return await journal.countCall(prompt: prompt) <= times ? directive.fault : nil
        }
        return configuration.faults.draw(roll: Double.random(in: 0..<1))
    }
}
