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
    let logger: Logger

    init(
        tasks: any TaskRepository, batches: any BatchRepository, provider: any BatchProviding, requests: ProviderRequestBuilder,
        bus: any EventBus, signal: WorkSignal, pollerSignal: WorkSignal, workerSignal: WorkSignal, maxSize: Int, maxAgeSeconds: Double,
        pollSeconds: Double, logger: Logger
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
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
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
        let batchID = UUID.timeOrdered()
        let job = try await provider.createBatch(
            model: first.model, displayName: "vton-economy-\(batchID.uuidString.lowercased())", requests: providerRequests,
            expectedResultBytes: members.reduce(0) { $0 + $1.resolution.answerBytes })
        let batch = ImageBatch(
            id: batchID, kind: .economy, userID: first.userID, providerName: job.name, model: first.model, aspectRatio: first.aspectRatio,
            resolution: first.resolution, taskCount: members.count, pollIntervalSeconds: pollSeconds)
        do { try await batches.createEconomy(batch, taskIDs: members.map(\.id)) } catch {
            try? await provider.cancelBatch(job.name)
            throw error
        }
        logger.info("economy batch sent", metadata: ["batch": "\(job.name)", "tasks": "\(members.count)"])
        pollerSignal.notify()
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
