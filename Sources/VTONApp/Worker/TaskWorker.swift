import Foundation
import GeminiClient
import Logging
import ServiceLifecycle
import VTONDomain
import VTONPersistence

public struct WorkerConfiguration: Sendable {
    public var concurrency: Int
    public var leaseSeconds: Double
    public var retryPolicy: RetryPolicy
    public var deadlines: ProviderDeadlines
    /// Identifies this process's leases; unique per start.
    public var owner: String
    /// How long an idle worker waits for a wake before it looks at the queue anyway: for work
    /// nobody announced, such as leases run out in a process that died.
    public var idleRecheck: Duration

    public init(
        concurrency: Int, leaseSeconds: Double, retryPolicy: RetryPolicy, deadlines: ProviderDeadlines = ProviderDeadlines(),
        owner: String = "worker-\(UUID().uuidString.prefix(8))", idleRecheck: Duration = .seconds(1)
    ) {
        self.concurrency = concurrency
        self.leaseSeconds = leaseSeconds
        self.retryPolicy = retryPolicy
        self.deadlines = deadlines
        self.owner = owner
        self.idleRecheck = idleRecheck
    }
}

/// Runs realtime tasks against the provider: woken by new work, at most `concurrency` calls
/// at once, each task leased so a dead process's work returns to the queue.
public final class TaskWorker: Service {
    let tasks: any TaskRepository
    let provider: any ImageGenerating
    let requests: ProviderRequestBuilder
    let completion: TaskCompletion
    let bus: any EventBus
    let signal: WorkSignal
    let running: RunningTasks
    let durations: RunDurations
    let metrics: AppMetrics
    let health: ProviderHealth
    let configuration: WorkerConfiguration
    let logger: Logger

    init(
        tasks: any TaskRepository, provider: any ImageGenerating, requests: ProviderRequestBuilder, completion: TaskCompletion,
        bus: any EventBus, signal: WorkSignal, running: RunningTasks, durations: RunDurations, metrics: AppMetrics, health: ProviderHealth,
        configuration: WorkerConfiguration, logger: Logger
    ) {
        self.tasks = tasks
        self.provider = provider
        self.requests = requests
        self.completion = completion
        self.bus = bus
        self.signal = signal
        self.running = running
        self.durations = durations
        self.metrics = metrics
        self.health = health
        self.configuration = configuration
        self.logger = logger
    }

    /// On shutdown the group's calls are cancelled and awaited, and whatever was still running
    /// goes back to the queue for the next start.
    public func run() async throws {
        // The owner is what the database records on this process's leases: named here, it ties
        // the tasks a process held (and "returned tasks to the queue" lines) to that process.
        logger.info("worker started", metadata: ["owner": "\(configuration.owner)", "concurrency": "\(configuration.concurrency)"])
        await requeue(expiredBefore: Date(), owner: nil)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.maintainLeases() }
                await self.dispatch(into: &group)
            }
        }
        await requeue(expiredBefore: .distantFuture, owner: configuration.owner)
    }

    private func dispatch(into group: inout DiscardingTaskGroup) async {
        while !Task.isCancelled {
            let free = configuration.concurrency - running.count
            if free > 0 {
                do {
                    let claimed = try await tasks.claim(owner: configuration.owner, leaseSeconds: configuration.leaseSeconds, limit: free)
                    for transition in claimed {
                        bus.publish(transition.event)
                        let task = transition.task
                        running.admit(task.id)
                        group.addTask {
                            let started = ContinuousClock.now
                            await self.running.run(task.id) { await self.process(task) }
                            self.durations.record(ContinuousClock.now - started)
                            self.signal.notify()
                        }
                    }
                    if claimed.count == free { continue }
                } catch {
                    logger.error("claiming tasks failed", metadata: ["error": "\(error)"])
                }
            }
            await signal.wait(timeout: configuration.idleRecheck)
        }
    }

    /// Renews this process's leases well before they run out and returns other processes'
    /// expired tasks to the queue.
    private func maintainLeases() async {
        let interval = configuration.leaseSeconds / 3
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            if Task.isCancelled { return }
            do {
                try await tasks.renewLeases(owner: configuration.owner, taskIDs: running.ids, leaseSeconds: configuration.leaseSeconds)
            } catch {
                logger.error("renewing leases failed", metadata: ["error": "\(error)"])
            }
            await requeue(expiredBefore: Date(), owner: nil)
            if let counts = try? await tasks.countByStatus() { metrics.update(taskCounts: counts) }
        }
    }

    private func requeue(expiredBefore date: Date, owner: String?) async {
        do {
            let requeued = try await tasks.requeue(expiredBefore: date, owner: owner)
            for transition in requeued { bus.publish(transition.event) }
            if !requeued.isEmpty {
                logger.notice("returned tasks to the queue", metadata: ["count": "\(requeued.count)", "owner": "\(owner ?? "expired")"])
                signal.notify()
            }
        } catch {
            logger.error("requeueing tasks failed", metadata: ["error": "\(error)"])
        }
    }

    /// Calls the provider until the task has an answer or a final failure. A call that got no
    /// answer may still have run (and been billed), so after one such call the task gets one
    /// more attempt at most, and the task says how many calls went unanswered.
    func process(_ task: ImageTask) async {
        let request: GenerateContentRequest
        do {
            request = try await requests.request(for: task)
        } catch {
            await finish(task, .failed(TaskFailure(.invalidReference, "a reference image is no longer available")), attempts: task.attempts)
            return
        }
        var attempt = task.attempts
        var charge = task.providerCharge ?? ProviderCharge()
        var firstUnanswered: Int?
        let model = ModelCatalogue.model(id: task.model)
        let deadline = configuration.deadlines.deadline(for: task.resolution)
        let policy = configuration.retryPolicy
        while true {
            attempt += 1
            let started = ContinuousClock.now
            do {
                let reply = try await provider.generate(model: task.model, request: request, deadline: deadline)
                metrics.providerLatency.record(ContinuousClock.now - started)
                metrics.recordProviderCall(outcome: "ok")
                health.answered(model: task.model)
                metrics.recordProviderCost(model: task.model, microUSD: charge.add(TokenUsage(reply.usage), model: model, batch: false))
                // Cancelled while storing (a shutdown): the task is requeued, not failed.
                guard let end = try? await completion.end(for: reply.outcome, task: task, batch: false) else { return }
                await finish(task, end, attempts: attempt, charge: charge)
                return
            } catch {
                metrics.providerLatency.record(ContinuousClock.now - started)
                metrics.recordProviderCall(outcome: error.mayHaveBeenBilled ? "unanswered" : error.isRetryable ? "retryable" : "rejected")
                if Task.isCancelled { return }
                if case .quotaZero(let message) = error { health.quotaIsZero(model: task.model, message: message) }
                if error.mayHaveBeenBilled {
                    charge.unansweredCalls += 1
                    firstUnanswered = firstUnanswered ?? attempt
                }
                let withinUnansweredBudget = firstUnanswered.map { $0 == attempt } ?? true
                guard error.isRetryable, policy.allowsAnotherAttempt(after: attempt), withinUnansweredBudget else {
                    let failure = TaskCompletion.failure(for: error, attempts: attempt, deadline: deadline, unanswered: charge.unansweredCalls)
                    // A refusal before any work leaves nothing to report.
                    await finish(task, .failed(failure), attempts: attempt, charge: charge == ProviderCharge() ? nil : charge)
                    return
                }
                let delay = policy.delay(afterAttempt: attempt, providerHint: error.retryDelay, randomUnit: Double.random(in: 0..<1))
                logger.info(
                    "retrying provider call", metadata: ["task": "\(task.id)", "attempt": "\(attempt)", "delay_s": "\(delay)", "error": "\(error)"])
                do { try await Task.sleep(for: .milliseconds(Int(delay * 1000))) } catch { return }
            }
        }
    }

    private func finish(_ task: ImageTask, _ end: TaskEnd, attempts: Int, charge: ProviderCharge? = nil) async {
        do {
            let transition = try await tasks.transition(id: task.id, from: [.running], leaseOwner: configuration.owner) { task in
                task.apply(end, attempts: attempts, charge: charge)
            }
            if let transition { bus.publish(transition.event) }
        } catch {
            logger.error("recording a task's end failed", metadata: ["task": "\(task.id)", "error": "\(error)"])
        }
    }
}
