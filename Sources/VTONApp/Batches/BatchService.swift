import Foundation
import GeminiClient
import Logging
import VTONDomain
import VTONPersistence

/// Submits `batch-generate` requests as provider Batch jobs and cancels them.
struct BatchService: Sendable {
    let batches: any BatchRepository
    let tasks: any TaskRepository
    let provider: any BatchProviding
    let references: ReferenceResolver
    let requests: ProviderRequestBuilder
    let bus: any EventBus
    let pollerSignal: WorkSignal
    let admission: TaskAdmission
    let models: ProviderModels
    let pollSeconds: Double
    let webhooks: WebhookRegistrar
    let logger: Logger

    /// The provider job is created first; only then are the batch and its tasks written, so a
    /// refused submission leaves nothing behind, and a failed write cancels the job.
    func submit(_ draft: BatchDraft, caller: Identity) async throws -> (ImageBatch, [ImageTask]) {
        let owner = caller.user
        let spec: BatchGenerationSpec
        do {
            spec = try BatchGenerationSpec.validate(
                draft, defaultModel: models.defaultModel, available: models.available, allowLoopbackWebhooks: webhooks.allowLoopback)
        } catch {
            throw APIError.validation(error)
        }
        if let webhookURL = spec.webhookURL { try await webhooks.check(webhookURL, userID: owner.id) }
        let referenceIDs = try await references.resolve(
            spec.references, fields: spec.references.indices.map { "reference_images[\($0)]" }, ownerID: owner.id)
        let batchID = UUID.timeOrdered()
        let now = Date()
        var newTasks: [ImageTask] = []
        for (index, prompt) in spec.prompts.enumerated() {
            var task = ImageTask(userID: owner.id, spec: spec.taskSpec(prompt: prompt), referenceFileIDs: referenceIDs, createdAt: now)
            task.batchID = batchID
            task.batchIndex = index
            newTasks.append(task)
        }
        admission.price(&newTasks, caller: caller)
        try await admission.precheck(newTasks, caller: caller)
        var providerRequests: [(key: String, request: GenerateContentRequest)] = []
        for task in newTasks { providerRequests.append((Self.key(for: task.id), try await requests.request(for: task))) }

        let job: BatchJob
        do {
            job = try await provider.createBatch(
                model: spec.model.id, displayName: "vton-\(batchID.lowercasedText)", requests: providerRequests,
                expectedResultBytes: providerRequests.count * spec.size.answerBytes)
        } catch {
            logger.error("batch submission failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, code: "PROVIDER_UNAVAILABLE", "the provider did not accept the batch: \(error)")
        }
        let batch = ImageBatch(
            id: batchID, userID: owner.id, providerName: job.name, model: spec.model.id, aspectRatio: spec.aspectRatio.value, resolution: spec.size,
            taskCount: newTasks.count, pollIntervalSeconds: pollSeconds, now: now)
        let created: [TaskTransition]
        do { created = try await batches.create(batch, tasks: newTasks, quota: admission.quota(of: caller)) } catch {
            try? await provider.cancelBatch(job.name)
            throw error
        }
        try await webhooks.register(spec.webhookURL, taskIDs: created.map(\.task.id), userID: owner.id)
        for transition in created { bus.publish(transition.event) }
        pollerSignal.notify()
        return (batch, created.map(\.task))
    }

    /// Cancels the provider job and, at once, every unfinished task of the batch.
    func cancel(reference: String, owner: User) async throws -> ImageBatch {
        guard var batch = try await batches.find(reference: reference, userID: owner.id) else { throw APIError.notFound("batch") }
        guard !batch.phase.isTerminal else { throw APIError(.conflict, code: "BATCH_FINISHED", "the batch is already \(batch.phase.rawValue)") }
        do { try await provider.cancelBatch(batch.providerName) } catch {
            logger.warning("provider cancel failed", metadata: ["batch": "\(batch.providerName)", "error": "\(error)"])
        }
        for task in try await batches.tasks(of: batch.id) where !task.status.isTerminal {
            let transition = try await tasks.transition(id: task.id, from: [.queued, .running], leaseOwner: nil) { task in
                task.status = .canceled
                task.failure = TaskFailure(.canceled, "the batch was canceled")
                task.finishedAt = Date()
            }
            if let transition { bus.publish(transition.event) }
        }
        batch.phase = .cancelled
        batch.updatedAt = Date()
        try await batches.save(batch)
        return batch
    }

    /// Requests are matched to tasks by this key, never by position.
    static func key(for taskID: UUID) -> String { taskID.lowercasedText }
}
