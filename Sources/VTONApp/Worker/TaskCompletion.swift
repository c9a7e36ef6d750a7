import Foundation
import GeminiClient
import Logging
import VTONDomain
import VTONImaging
import VTONPersistence

/// How a task ends, whether its answer came from a realtime call or from a batch.
enum TaskEnd: Sendable {
    /// The list price of the path that delivered it (realtime or batch), in US$ and in credits.
    case succeeded(TaskResult, costMicroUSD: Int, credits: Int)
    case failed(TaskFailure)
}

/// Turns a provider's answer into a task's end: images stored (once, by content), safety
/// blocks and empty answers named, errors mapped to API error codes.
struct TaskCompletion: Sendable {
    let blobs: any BlobStore
    let files: any FileRepository
    let thumbnails: ThumbnailService
    let pricing: CreditPricing
    let logger: Logger
    /// Generated images may be large (12288 × 1536 at 4K 8:1) but not unbounded.
    static let resultLimits = ImageLimits(maxWidth: 20_000, maxHeight: 20_000, maxPixels: 200_000_000)

    /// Throws only `CancellationError`: a shutdown mid-store leaves the task to be finished by
    /// the next run instead of failing it.
    func end(for outcome: GenerationOutcome, task: ImageTask, batch: Bool) async throws -> TaskEnd {
        switch outcome {
        case .blocked(let reason, let message):
            return .failed(TaskFailure(.safetyBlocked, "the provider blocked this request (\(reason))" + (message.map { ": \($0)" } ?? "")))
        case .noImage(let finishReason, let text):
            let why = [finishReason.map { "finish reason \($0)" }, text.map { "model said: \($0.prefix(200))" }].compactMap { $0 }
            return .failed(TaskFailure(.noImage, "the provider answered without an image" + (why.isEmpty ? "" : " (\(why.joined(separator: "; ")))")))
        case .images(let images, let text):
            do {
                var stored: [ResultImage] = []
                for image in images {
                    let info = try await VipsRuntime.run { [data = image.data] in try ImageInspector.inspect(data, limits: Self.resultLimits) }
                    let digest = try await blobs.put(image.data)
                    let file = StoredFile(
                        ownerID: task.userID, kind: .result, sha256: digest, mimeType: info.mimeType, width: info.width, height: info.height,
                        bytes: image.data.count, taskID: task.id)
                    try await files.create(file)
                    thumbnails.schedule(digest)
                    stored.append(ResultImage(fileID: file.id, width: info.width, height: info.height, mimeType: info.mimeType))
                }
                let price = ModelCatalogue.model(id: task.model)?.priceMicroUSD(size: task.resolution, batch: batch) ?? 0
                // One task is one image at its price, whatever extra images a reply carries: the
                // price shown and held before it ran is the most it is charged.
                return .succeeded(TaskResult(images: stored, text: text), costMicroUSD: price, credits: pricing.credits(microUSD: price))
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                logger.error("storing a result failed", metadata: ["task": "\(task.id)", "error": "\(error)"])
                return .failed(TaskFailure(.noImage, "the provider's image could not be read or stored"))
            }
        }
    }

    static func failure(for error: GeminiError, attempts: Int, deadline: Duration? = nil, unanswered: Int = 0) -> TaskFailure {
        let billingNote =
            unanswered > 0
            ? "; the provider may still have generated, and billed, the \(unanswered) call(s) that got no answer" : ""
        return switch error {
        case .quotaZero(let message): TaskFailure(.providerQuota, ProviderHealth.billingAdvice + " (provider said: \(message.prefix(300)))")
        case .timeout:
            TaskFailure(
                .timeout,
                "the provider did not answer within \(deadline.map { "\($0)" } ?? "the deadline") (\(attempts) attempt(s))"
                    + billingNote)
        case .connectionLost: TaskFailure(.providerUnavailable, "the connection to the provider broke during the call" + billingNote)
        case .http(let status, _, let message, _) where !GeminiError.retryableStatuses.contains(status):
            TaskFailure(.providerRejected, "the provider rejected the request (HTTP \(status)): \(message)")
        default: TaskFailure(.providerUnavailable, "the provider is unavailable after \(attempts) attempt(s): \(error)" + billingNote)
        }
    }
}

extension ImageTask {
    /// Records an end on the task, with what the provider did for it when that is known.
    mutating func apply(_ end: TaskEnd, attempts: Int, charge: ProviderCharge? = nil) {
        if let charge { providerCharge = charge }
        switch end {
        case .succeeded(let result, let cost, let credits):
            status = .succeeded
            self.result = result
            self.charge(microUSD: cost, credits: credits)
        case .failed(let failure):
            status = .failed
            self.failure = failure
        }
        self.attempts = attempts
        finishedAt = Date()
    }
}
