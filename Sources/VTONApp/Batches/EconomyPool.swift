import Foundation
import GeminiClient
import Logging
import ServiceLifecycle
import VTONDomain
import VTONPersistence

/// The economy tier: queued economy tasks of all users wait in a pool that is sent as one
/// Batch job (half price) when it is full or its oldest task is old enough. A task whose
/// deadline passes before its batch delivers leaves the batch and runs realtime instead.
final class EconomyPool: Service {
    let tasks: any TaskRepository
    let batches: any BatchRepository
    let provider: any BatchProviding
    let requests: ProviderRequestBuilder
    let bus: any EventBus
    let signal: WorkSignal
    let pollerSignal: WorkSignal
    let workerSignal: WorkSignal
    let maxSize: Int
    let maxAgeSeconds: Double
    let pollSeconds: Double
    /// How old an unresolved intent must be before it is looked for (longer than a provider call).
    let intentGraceSeconds: Double
    let logger: Logger

    init(
        tasks: any TaskRepository, batches: any BatchRepository, provider: any BatchProviding, requests: ProviderRequestBuilder,
        bus: any EventBus, signal: WorkSignal, pollerSignal: WorkSignal, workerSignal: WorkSignal, maxSize: Int, maxAgeSeconds: Double,
        pollSeconds: Double, intentGraceSeconds: Double, logger: Logger
    ) {
        self.tasks = tasks
        self.batches = batches
        self.provider = provider
        self.requests = requests
        self.bus = bus
        self.signal = signal
        self.pollerSignal = pollerSignal
        self.workerSignal = workerSignal
        self.maxSize = maxSize
        self.maxAgeSeconds = maxAgeSeconds
        self.pollSeconds = pollSeconds
        self.intentGraceSeconds = intentGraceSeconds
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.resolveIntents()
                await self.rescueOverdue()
                await self.flushIfDue()
                let wait = min(max(self.maxAgeSeconds / 4, 0.05), 1)
                await self.signal.wait(timeout: .milliseconds(Int(wait * 1000)))
            }
        }
    }

    func flushIfDue() async {
        do {
            let pool = try await tasks.economyPool(limit: maxSize)
            guard let oldest = pool.first else { return }
            guard pool.count >= maxSize || Date().timeIntervalSince(oldest.createdAt) >= maxAgeSeconds else { return }
            // One provider batch per model: the URL names it; ratios and sizes travel per request.
            for group in Dictionary(grouping: pool, by: \.model).values { try await flush(group) }
        } catch {
            logger.warning("flushing the economy pool failed; it is tried again", metadata: ["error": "\(error)"])
        }
    }

    private func flush(_ pooled: [ImageTask]) async throws {
        var members: [ImageTask] = []
        var providerRequests: [(key: String, request: GenerateContentRequest)] = []
        for task in pooled {
            do {
                providerRequests.append((BatchService.key(for: task.id), try await requests.request(for: task)))
                members.append(task)
            } catch {
                // Queued tasks end through running, as the state machine says.
                for change in [
                    { (task: inout ImageTask) in task.status = .running },
                    { $0.apply(.failed(TaskFailure(.invalidReference, "a reference image is no longer available")), attempts: 0) },
                ] as [@Sendable (inout ImageTask) -> Void] {
                    if let moved = try await tasks.transition(id: task.id, from: [.queued, .running], leaseOwner: nil, change: change) {
                        bus.publish(moved.event)
                    }
                }
            }
        }
        guard let first = members.first else { return }
        let intent = BatchIntent(model: first.model)
        let taken = Set(try await batches.reserveEconomy(intent, taskIDs: members.map(\.id)))
        let sent = members.filter { taken.contains($0.id) }
        guard !sent.isEmpty else { return try await batches.abandon(intent) }
        let job: BatchJob
        do { job = try await send(intent, tasks: sent, requests: providerRequests) } catch let error as GeminiError where !error.mayHaveBeenBilled {
            try await batches.abandon(intent)
            throw error
        }
        // Not recorded (the database failed, the process dies here): `resolveIntents` finds the job.
        try await record(job, of: intent, tasks: sent)
    }

    private func send(
        _ intent: BatchIntent, tasks: [ImageTask], requests: [(key: String, request: GenerateContentRequest)]
    ) async throws -> BatchJob {
        let keys = Set(tasks.map { BatchService.key(for: $0.id) })
        return try await provider.createBatch(
            model: intent.model, displayName: intent.displayName, requests: requests.filter { keys.contains($0.key) },
            expectedResultBytes: tasks.reduce(0) { $0 + $1.resolution.answerBytes })
    }

    private func record(_ job: BatchJob, of intent: BatchIntent, tasks: [ImageTask]) async throws {
        // Every task left the batch for the realtime queue while it was being sent.
        guard let first = tasks.first else { return try await batches.abandon(intent) }
        let batch = ImageBatch(
            id: intent.id, kind: .economy, userID: first.userID, providerName: job.name, model: intent.model, aspectRatio: first.aspectRatio,
            resolution: first.resolution, taskCount: tasks.count, pollIntervalSeconds: pollSeconds)
        try await batches.recordEconomy(batch)
        logger.info("economy batch sent", metadata: ["batch": "\(job.name)", "tasks": "\(tasks.count)"])
        pollerSignal.notify()
    }

    /// Intents older than a provider call can take were cut short (the process died, or the
    /// provider's answer was lost): a job the provider has under the intent's name is recorded,
    /// otherwise the tasks go back to the pool.
    func resolveIntents() async {
        do {
            for intent in try await batches.intents(before: Date().addingTimeInterval(-intentGraceSeconds)) {
                let tasks = try await batches.tasks(of: intent.id)
                if let job = try await providerJob(named: intent.displayName) {
                    try await record(job, of: intent, tasks: tasks)
                } else {
                    try await batches.abandon(intent)
                    logger.notice("an economy batch was never made; its tasks are pooled again", metadata: ["intent": "\(intent.id)"])
                    signal.notify()
                }
            }
        } catch {
            logger.warning("resolving economy batch intents failed; tried again", metadata: ["error": "\(error)"])
        }
    }

    private func providerJob(named displayName: String) async throws -> BatchJob? {
        var pageToken: String?
        repeat {
            let page = try await provider.listBatches(pageSize: 100, pageToken: pageToken)
            if let job = page.jobs.first(where: { $0.displayName == displayName }) { return job }
            pageToken = page.nextPageToken
        } while pageToken != nil
        return nil
    }

    /// Past its deadline, a task leaves its batch (its result there will be ignored) and
    /// joins the realtime queue; it is billed once, for the run that delivers it.
    func rescueOverdue() async {
        do {
            for task in try await tasks.overdueEconomy(now: Date()) {
                let moved = try await tasks.transition(id: task.id, from: [.queued, .running], leaseOwner: nil) { task in
                    task.priority = .realtime
                    task.batchID = nil
                    task.batchIndex = nil
                    task.status = .queued
                    task.startedAt = nil
                }
                if let moved {
                    bus.publish(moved.event)
                    workerSignal.notify()
                    logger.info("economy task runs realtime after its deadline", metadata: ["task": "\(task.id)"])
                }
            }
        } catch {
            logger.warning("rescuing overdue economy tasks failed", metadata: ["error": "\(error)"])
        }
    }
}
