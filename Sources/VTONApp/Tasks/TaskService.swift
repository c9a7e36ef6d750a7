import Foundation
import Logging
import VTONDomain
import VTONPersistence

/// Creating, cancelling and retrying tasks. Every change is committed with its event, then
/// published, and new work wakes the worker at once.
public struct TaskService: Sendable {
    let tasks: any TaskRepository
    let references: ReferenceResolver
    let reclaimer: FileReclaimer
    let bus: any EventBus
    let signal: WorkSignal
    let economySignal: WorkSignal
    let running: RunningTasks
    let admission: TaskAdmission
    let models: ProviderModels
    let webhooks: WebhookRegistrar

    struct Created {
        let task: ImageTask
        let isNew: Bool
        /// Every task of the request: its variations in order, or the one task.
        var taskIDs: [UUID]
    }

    func create(_ draft: GenerationDraft, caller: Identity) async throws -> Created {
        let owner = caller.user
        let spec: GenerationSpec
        do {
            spec = try GenerationSpec.validate(
                draft, defaultModel: models.defaultModel, available: models.available, allowLoopbackWebhooks: webhooks.allowLoopback)
        } catch {
            throw APIError.validation(error)
        }
        // A repeated request skips fetching its references again; the write decides for the
        // requests that arrive together.
        if let key = spec.idempotencyKey, let existing = try await tasks.find(userID: owner.id, idempotencyKey: key) {
            return Created(task: existing, isNew: false, taskIDs: try await variationIDs(of: existing))
        }
        if let webhookURL = spec.webhookURL { try await webhooks.check(webhookURL, userID: owner.id) }
        let referenceIDs = try await references.resolve(spec.references, fields: spec.referenceFields, ownerID: owner.id)
        let task = ImageTask(userID: owner.id, spec: spec, referenceFileIDs: referenceIDs)
        if spec.variations > 1 { return try await createVariations(task.variations(spec.variations), spec: spec, caller: caller) }
        switch try await submit(task, caller: caller) {
        case .existing(let task):
            return Created(task: task, isNew: false, taskIDs: try await variationIDs(of: task))
        case .created(let transition):
            try await webhooks.register(spec.webhookURL, taskIDs: [transition.task.id], userID: owner.id)
            (spec.priority == .economy ? economySignal : signal).notify()
            return Created(task: transition.task, isNew: true, taskIDs: [transition.task.id])
        }
    }

    /// `n` tasks priced, counted and written together: all of them or none.
    private func createVariations(_ group: [ImageTask], spec: GenerationSpec, caller: Identity) async throws -> Created {
        var priced = group
        admission.price(&priced, caller: caller)
        switch try await tasks.create(variations: priced, quota: admission.quota(of: caller)) {
        case .existing(let task):
            return Created(task: task, isNew: false, taskIDs: try await variationIDs(of: task))
        case .created(let transitions):
            for transition in transitions { bus.publish(transition.event) }
            let ids = transitions.map(\.task.id)
            try await webhooks.register(spec.webhookURL, taskIDs: ids, userID: caller.user.id)
            (spec.priority == .economy ? economySignal : signal).notify()
            return Created(task: transitions[0].task, isNew: true, taskIDs: ids)
        }
    }

    /// The ids of the request a task came from, in order (one task: itself).
    private func variationIDs(of task: ImageTask) async throws -> [UUID] {
        guard let group = task.variationGroupID else { return [task.id] }
        let filter = TaskFilter(variationGroupID: group)
        let siblings = try await tasks.list(userID: task.userID, filter: filter, limit: GenerationSpec.maxVariations, offset: 0).tasks
        return siblings.sorted { ($0.variationIndex ?? 0) < ($1.variationIndex ?? 0) }.map(\.id)
    }

    /// Prices and writes a task under its owner's quota, publishing its first event.
    private func submit(_ task: ImageTask, caller: Identity) async throws -> TaskCreation {
        var priced = [task]
        admission.price(&priced, caller: caller)
        let creation = try await tasks.create(NewTask(priced[0], quota: admission.quota(of: caller)))
        if case .created(let transition) = creation { bus.publish(transition.event) }
        return creation
    }

    func cancel(id: UUID, owner: User) async throws -> ImageTask {
        guard let task = try await tasks.find(id: id, userID: owner.id) else { throw APIError.notFound("task") }
        guard !task.status.isTerminal else {
            throw APIError(.conflict, code: "NOT_CANCELABLE", "task is already \(task.status.rawValue)")
        }
        let transition = try await tasks.transition(id: id, from: [.queued, .running], leaseOwner: nil) { task in
            task.status = .canceled
            task.failure = TaskFailure(.canceled, "canceled by the user")
            task.finishedAt = Date()
        }
        guard let transition else {
            // It finished between the read and the write; report what it is now.
            return try await tasks.find(id: id, userID: owner.id) ?? task
        }
        running.cancel(id)
        bus.publish(transition.event)
        return transition.task
    }

    func retry(id: UUID, caller: Identity) async throws -> ImageTask {
        let owner = caller.user
        guard let original = try await tasks.find(id: id, userID: owner.id) else { throw APIError.notFound("task") }
        var copy = original
        copy.id = .timeOrdered()
        copy.status = .queued
        copy.result = nil
        copy.failure = nil
        copy.attempts = 0
        copy.idempotencyKey = nil
        copy.costMicroUSD = 0
        copy.batchID = nil
        copy.batchIndex = nil
        copy.variationGroupID = nil
        copy.variationIndex = nil
        // A retry runs now: a batch prompt or an economy task comes back as a realtime one.
        copy.priority = .realtime
        copy.deadlineAt = nil
        copy.createdAt = Date()
        copy.startedAt = nil
        copy.finishedAt = nil
        copy.creditsHeld = 0
        copy.creditState = .none
        switch try await submit(copy, caller: caller) {
        case .existing(let task):
            return task
        case .created(let transition):
            signal.notify()
            return transition.task
        }
    }

    func hide(id: UUID, owner: User) async throws {
        guard let task = try await tasks.find(id: id, userID: owner.id) else { throw APIError.notFound("task") }
        if !task.status.isTerminal { _ = try await cancel(id: id, owner: owner) }
        guard try await tasks.hide(id: id, userID: owner.id) else { return }
        try await reclaimer.deleteFiles(of: try await tasks.find(id: id) ?? task)
    }
}
