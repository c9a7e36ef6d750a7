import Foundation
import VTONDomain

public struct TaskPage: Sendable {
    public let tasks: [ImageTask]
    public let total: Int
}

/// A state change and the event committed with it.
public struct TaskTransition: Sendable {
    public let task: ImageTask
    public let event: TaskEvent
}

/// A task to write, with the quota its owner submits under (nil: unlimited).
public struct NewTask: Sendable {
    public var task: ImageTask
    public var quota: TaskQuota?

    public init(_ task: ImageTask, quota: TaskQuota?) {
        self.task = task
        self.quota = quota
    }
}

/// A new task, or the one its idempotency key already names.
public enum TaskCreation: Sendable {
    case created(TaskTransition)
    case existing(ImageTask)
}

/// The variations of one request written together, or the task their idempotency key names.
public enum VariationsCreation: Sendable {
    case created([TaskTransition])
    case existing(ImageTask)
}

/// Tasks and their event log. Every state change is written together with its event in
/// one transaction, so a client resuming from the log never misses or invents a change.
public protocol TaskRepository: Sendable {
    /// Writes the task with its first event and credit hold, unless its idempotency key names
    /// a task already; throws `QuotaRefusal` or `InsufficientCredits` when its owner may not
    /// submit it. These are decided in the writing transaction, so they hold under races.
    func create(_ task: NewTask) async throws -> TaskCreation
    /// Writes the variations of one request (`ImageTask.variations`) all or none, like `create`:
    /// the quota counts each of them, each holds its own price, and the first's key decides.
    func create(variations: [ImageTask], quota: TaskQuota?) async throws -> VariationsCreation
    func find(id: UUID) async throws -> ImageTask?
    func find(id: UUID, userID: UUID) async throws -> ImageTask?
    /// The user's visible tasks among `ids`, in no particular order.
    func find(ids: [UUID], userID: UUID) async throws -> [ImageTask]
    /// The visible task this key names, if it is younger than `ImageTask.idempotencyWindow`.
    func find(userID: UUID, idempotencyKey: String) async throws -> ImageTask?
    /// The user's visible tasks that pass `filter`, newest first, and how many pass it.
    func list(userID: UUID, filter: TaskFilter, limit: Int, offset: Int) async throws -> TaskPage
    func hide(id: UUID, userID: UUID) async throws -> Bool
    /// Stars or unstars the user's visible task; nil when there is none.
    func setFavourite(id: UUID, userID: UUID, _ favourite: Bool) async throws -> ImageTask?

    /// Applies `change` when the task is in one of `from` (and, if given, leased by `leaseOwner`).
    func transition(
        id: UUID, from: Set<TaskStatus>, leaseOwner: String?, change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition?

    /// Like `transition`, but only while the task still belongs to `batchID`, so a batch's late
    /// result never lands on a task that left it.
    func transition(
        id: UUID, from: Set<TaskStatus>, inBatch batchID: UUID, change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition?

    /// Queued tasks of the same lane as `task` (realtime, or the economy pool) submitted before it.
    func queuedAhead(of task: ImageTask) async throws -> Int
    /// Queued economy tasks not yet in a batch, oldest first.
    func economyPool(limit: Int) async throws -> [ImageTask]
    /// Unfinished economy tasks whose deadline has passed.
    func overdueEconomy(now: Date) async throws -> [ImageTask]

    /// Takes up to `limit` queued tasks, shared fairly between users (`FairShare`), and leases them to `owner`.
    func claim(owner: String, leaseSeconds: Double, limit: Int) async throws -> [TaskTransition]
    func renewLeases(owner: String, taskIDs: [UUID], leaseSeconds: Double) async throws
    /// Puts running tasks whose lease ran out (or, with `owner`, every task it holds) back in the queue.
    func requeue(expiredBefore now: Date, owner: String?) async throws -> [TaskTransition]

    /// What the user's quota counts now. `create` counts again when it writes; this is for
    /// refusing early work (a provider batch) that could never be written.
    func submissionUsage(userID: UUID) async throws -> SubmissionUsage

    /// Credits the user's unfinished tasks hold.
    func creditsHeld(userID: UUID) async throws -> Int
    /// The most recently failed tasks of all users, for the system page.
    func recentFailures(limit: Int) async throws -> [ImageTask]
    /// Records on these tasks that their result's files are gone (retention); not a state change, no event.
    func expireResults(taskIDs: [UUID]) async throws
    /// Whether a task other than `taskID`, and not deleted, names this file as a reference.
    func referencesFile(_ fileID: UUID, excludingTask taskID: UUID) async throws -> Bool

    func events(userID: UUID, after eventID: Int, limit: Int) async throws -> [TaskEvent]
    func countByStatus() async throws -> [TaskStatus: Int]
    /// Money of every task that was charged or reported a provider cost, deleted ones included.
    func spending() async throws -> TaskSpending
}

public struct TaskSpending: Sendable, Equatable {
    public var tasksCharged: Int
    public var listPriceMicroUSD: Int
    public var providerCostMicroUSD: Int
    public var tasksWithProviderCost: Int

    public init(tasksCharged: Int, listPriceMicroUSD: Int, providerCostMicroUSD: Int, tasksWithProviderCost: Int) {
        self.tasksCharged = tasksCharged
        self.listPriceMicroUSD = listPriceMicroUSD
        self.providerCostMicroUSD = providerCostMicroUSD
        self.tasksWithProviderCost = tasksWithProviderCost
    }
}
