import Foundation
import GeminiClient
import Logging
import ServiceLifecycle
import Synchronization
import VTONDomain
import VTONPersistence

/// Follows every open batch until it ends: polls the provider with backoff, moves the
/// tasks along, and stores each result as a realtime one would be. All state is in the
/// database, so a restart (or a second process) picks up where the last poll left off.
final class BatchPoller: Service {
    let batches: any BatchRepository
    let tasks: any TaskRepository
    let provider: any BatchProviding
    let completion: TaskCompletion
    let bus: any EventBus
    let signal: WorkSignal
    let metrics: AppMetrics
    let pollSeconds: Double
    /// How long polls of one batch may keep failing before it is given up as lost.
    let lostAfterSeconds: Double
    let owner: String
    let logger: Logger
    /// When each batch's polls began to fail, until one succeeds.
    private let failingSince = Mutex<[UUID: Date]>([:])
    static let leaseSeconds = 600.0

    init(
        batches: any BatchRepository, tasks: any TaskRepository, provider: any BatchProviding, completion: TaskCompletion, bus: any EventBus,
        signal: WorkSignal, metrics: AppMetrics, pollSeconds: Double, lostAfterSeconds: Double, owner: String, logger: Logger
    ) {
        self.batches = batches
        self.tasks = tasks
        self.provider = provider
        self.completion = completion
        self.bus = bus
        self.signal = signal
        self.metrics = metrics
        self.pollSeconds = pollSeconds
        self.lostAfterSeconds = lostAfterSeconds
        self.owner = owner
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.pollDue()
                let next = (try? await self.batches.nextDue()).map { $0.timeIntervalSinceNow } ?? self.pollSeconds
                let wait = min(max(next, 0.05), self.pollSeconds)
                await self.signal.wait(timeout: .milliseconds(Int(wait * 1000)))
            }
        }
    }

    func pollDue() async {
        do {
            for batch in try await batches.leaseDue(owner: owner, now: Date(), leaseSeconds: Self.leaseSeconds, limit: 20) {
                await poll(batch)
                try? await batches.release(batch.id, owner: owner)
            }
        } catch {
            logger.error("finding due batches failed", metadata: ["error": "\(error)"])
        }
    }

    private func poll(_ batch: ImageBatch) async {
        var batch = batch
        do {
            let job: BatchJob
            do { job = try await provider.getBatch(batch.providerName) } catch {
                try await pollFailed(batch, error)
                return
            }
            failingSince.withLock { $0[batch.id] = nil }
            let phase = BatchPhase(rawValue: job.state.rawValue) ?? .failed
            let changed = phase != batch.phase
            switch phase {
            case .pending:
                break
            case .running:
                if changed { try await start(batch) }
            case .succeeded:
                try await start(batch)
                try await collect(job, of: batch)
            case .failed, .expired, .cancelled:
                batch.errorMessage = job.error?.message ?? "the batch ended \(phase.rawValue)"
                try await end(batch, phase: phase)
            }
            batch.phase = phase
            if phase.isTerminal {
                let finished = try await batches.tasks(of: batch.id)
                batch.completedCount = finished.filter { $0.status == .succeeded }.count
                batch.failedCount = finished.filter { $0.status == .failed }.count
            }
            batch.schedulePoll(changed: changed, base: pollSeconds, ceiling: pollSeconds * 10)
            try await batches.save(batch)
        } catch {
            logger.warning("polling a batch failed", metadata: ["batch": "\(batch.providerName)", "error": "\(error)"])
            batch.schedulePoll(changed: false, base: pollSeconds, ceiling: pollSeconds * 10)
            try? await batches.save(batch)
        }
    }

    /// A clear not-found means the provider has lost the batch (Google deletes old ones, and a
    /// new key sees none of the old key's); other errors are retried until they have
    /// lasted `lostAfterSeconds`. Either way nothing would ever finish its tasks or free
    /// their credits, so it is given up.
    private func pollFailed(_ batch: ImageBatch, _ error: any Error) async throws {
        var batch = batch
        let now = Date()
        let since = failingSince.withLock { failing in
            if let since = failing[batch.id] { return since }
            failing[batch.id] = now
            return now
        }
        let notFound = if case .http(404, _, _, _) = error as? GeminiError { true } else { false }
        guard notFound || now.timeIntervalSince(since) >= lostAfterSeconds else {
            logger.warning("polling a batch failed", metadata: ["batch": "\(batch.providerName)", "error": "\(error)"])
            batch.schedulePoll(changed: false, base: pollSeconds, ceiling: pollSeconds * 10)
            try await batches.save(batch)
            return
        }
        let reason =
            notFound
            ? "the provider no longer knows the batch \(batch.providerName)"
            : "the provider could not be asked about the batch for \(Int(now.timeIntervalSince(since))) s: \(error)"
        logger.error("batch lost", metadata: ["batch": "\(batch.providerName)", "reason": "\(reason)"])
        try await lose(batch, reason: reason)
        failingSince.withLock { $0[batch.id] = nil }
        batch.phase = .failed
        batch.errorMessage = reason
        let finished = try await batches.tasks(of: batch.id)
        batch.completedCount = finished.filter { $0.status == .succeeded }.count
        batch.failedCount = finished.filter { $0.status == .failed }.count
        batch.updatedAt = now
        try await batches.save(batch)
    }

    /// Economy tasks go back to the pool, to be sent in a later batch (or run realtime at their
    /// deadline); a user's batch prompts fail with `PROVIDER_LOST`, which releases their credits.
    private func lose(_ batch: ImageBatch, reason: String) async throws {
        if batch.kind == .economy {
            for task in try await batches.tasks(of: batch.id) where !task.status.isTerminal {
                try await move(task.id, of: batch, from: [.queued, .running]) { task in
                    task.status = .queued
                    task.batchID = nil
                    task.batchIndex = nil
                    task.startedAt = nil
                }
            }
            return
        }
        try await start(batch)
        for task in try await batches.tasks(of: batch.id) where !task.status.isTerminal {
            try await move(task.id, of: batch, from: [.running]) { $0.apply(.failed(TaskFailure(.providerLost, reason)), attempts: 1) }
        }
    }

    /// The provider is working on it: the batch's queued tasks are now running.
    private func start(_ batch: ImageBatch) async throws {
        for task in try await batches.tasks(of: batch.id) where task.status == .queued {
            try await move(task.id, of: batch, from: [.queued]) { task in
                task.status = .running
                task.startedAt = Date()
            }
        }
    }

    /// Stores each result and ends its task; a task the provider returned nothing for fails.
    private func collect(_ job: BatchJob, of batch: ImageBatch) async throws {
        let open = Dictionary(uniqueKeysWithValues: try await batches.tasks(of: batch.id).filter { !$0.status.isTerminal }.map { ($0.id, $0) })
        try await provider.forEachResult(of: job) { item in
            guard let id = UUID(uuidString: item.key), let task = open[id] else { return }
            let end: TaskEnd
            var charge: ProviderCharge?
            switch item.outcome {
            case .success(let reply):
                var answered = ProviderCharge()
                let cost = answered.add(TokenUsage(reply.usage), model: ModelCatalogue.model(id: task.model), batch: true)
                self.metrics.recordProviderCost(model: task.model, microUSD: cost)
                charge = answered
                end = try await self.completion.end(for: reply.outcome, task: task, batch: true)
            case .failure(let error): end = .failed(TaskCompletion.failure(for: error, attempts: 1))
            }
            try await self.move(id, of: batch, from: [.running]) { [charge] in $0.apply(end, attempts: 1, charge: charge) }
        }
        for task in try await batches.tasks(of: batch.id) where !task.status.isTerminal {
            try await move(task.id, of: batch, from: [.running]) {
                $0.apply(.failed(TaskFailure(.noImage, "the batch returned no result for this prompt")), attempts: 1)
            }
        }
    }

    /// The batch ended without results: its unfinished tasks end with it.
    private func end(_ batch: ImageBatch, phase: BatchPhase) async throws {
        try await start(batch)
        let failure: TaskFailure? =
            switch phase {
            case .expired: TaskFailure(.timeout, "the batch expired before the provider ran it")
            case .failed: TaskFailure(.providerUnavailable, "the provider's batch failed: \(batch.errorMessage ?? "no reason given")")
            default: nil
            }
        for task in try await batches.tasks(of: batch.id) where !task.status.isTerminal {
            try await move(task.id, of: batch, from: [.running]) { task in
                if let failure {
                    task.apply(.failed(failure), attempts: 1)
                } else {
                    task.status = .canceled
                    task.failure = TaskFailure(.canceled, "the batch was canceled")
                    task.finishedAt = Date()
                }
            }
        }
    }

    /// Moves a task only while it is still in this batch: an economy task that left for
    /// realtime is never ended (or billed) by the batch it left.
    private func move(
        _ id: UUID, of batch: ImageBatch, from: Set<TaskStatus>, _ change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws {
        if let transition = try await tasks.transition(id: id, from: from, inBatch: batch.id, change: change) { bus.publish(transition.event) }
    }
}
