import Foundation
import VTONDomain

@testable import VTONPersistence

/// `TaskRepository` in memory, with the rules of `FluentTaskRepository`: idempotency keys,
/// quotas and credit holds decided in the write, transitions checked against the state machine
/// and recorded as events, claims in `FairShare` order under leases. `RepositoryContractTests`
/// holds both to the same assertions.
struct InMemoryTaskRepository: TaskRepository {
    let database: InMemoryDatabase

    func create(_ new: NewTask) async throws -> TaskCreation {
        let now = Date()
        // A refusal is an answer, not a failed write: a stale key freed on the way stays freed.
        let outcome: Result<TaskCreation, any Error> = try database.write { rows in
            let task = new.task
            if let key = task.idempotencyKey,
                let row = rows.tasks.values.first(where: { $0.task.userID == task.userID && $0.task.idempotencyKey == key })
            {
                if row.isVisible, row.task.answersIdempotencyKey(at: now) { return .success(.existing(row.task)) }
                rows.tasks[row.task.id]?.task.idempotencyKey = nil
            }
            if let quota = new.quota, let refusal = quota.refusal(adding: 1, usage: rows.usage(of: task.userID, now: now), now: now) {
                return .failure(refusal)
            }
            if let hold = task.creditHold {
                do { try rows.move(userID: task.userID, hold, taskID: task.id) } catch { return .failure(error) }
            }
            rows.tasks[task.id] = InMemoryDatabase.StoredTask(task: task)
            return .success(.created(TaskTransition(task: task, event: rows.record(task))))
        }
        return try outcome.get()
    }

    func create(variations: [ImageTask], quota: TaskQuota?) async throws -> VariationsCreation {
        guard let first = variations.first else { return .created([]) }
        let now = Date()
        return try database.write { rows in
            if let key = first.idempotencyKey,
                let row = rows.tasks.values.first(where: { $0.task.userID == first.userID && $0.task.idempotencyKey == key })
            {
                if row.isVisible, row.task.answersIdempotencyKey(at: now) { return .existing(row.task) }
                rows.tasks[row.task.id]?.task.idempotencyKey = nil
            }
            if let quota, let refusal = quota.refusal(adding: variations.count, usage: rows.usage(of: first.userID, now: now), now: now) {
                throw refusal
            }
            var transitions: [TaskTransition] = []
            for task in variations {
                if let hold = task.creditHold { try rows.move(userID: task.userID, hold, taskID: task.id) }
                rows.tasks[task.id] = InMemoryDatabase.StoredTask(task: task)
                transitions.append(TaskTransition(task: task, event: rows.record(task)))
            }
            return .created(transitions)
        }
    }

    func find(id: UUID) async throws -> ImageTask? {
        database.read { $0.tasks[id]?.task }
    }

    func find(id: UUID, userID: UUID) async throws -> ImageTask? {
        database.read { rows in rows.tasks[id].flatMap { $0.isVisible && $0.task.userID == userID ? $0.task : nil } }
    }

    func find(userID: UUID, idempotencyKey: String) async throws -> ImageTask? {
        let now = Date()
        return database.read { rows in
            rows.tasks.values.first {
                $0.isVisible && $0.task.userID == userID && $0.task.idempotencyKey == idempotencyKey && $0.task.answersIdempotencyKey(at: now)
            }?.task
        }
    }

    func find(ids: [UUID], userID: UUID) async throws -> [ImageTask] {
        database.read { rows in ids.compactMap { rows.tasks[$0] }.filter { $0.isVisible && $0.task.userID == userID }.map(\.task) }
    }

    /// Words as substrings of the prompt, as SQLite's trigram index finds them.
    func list(userID: UUID, filter: TaskFilter, limit: Int, offset: Int) async throws -> TaskPage {
        database.read { rows in
            let matching = rows.tasks.values.map(\.self)
                .filter { row in
                    row.isVisible && row.task.userID == userID && (filter.status == nil || row.task.status == filter.status)
                        && (!filter.favouritesOnly || row.task.favourite) && filter.words.allSatisfy(row.task.prompt.lowercased().contains)
                        && (filter.personFileIDs.map { people in row.task.personFileID.map(people.contains) ?? false } ?? true)
                        && (filter.variationGroupID.map { $0 == row.task.variationGroupID } ?? true)
                }
                .map(\.task).sorted { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
            return TaskPage(tasks: Array(matching.dropFirst(offset).prefix(limit)), total: matching.count)
        }
    }

    func setFavourite(id: UUID, userID: UUID, _ favourite: Bool) async throws -> ImageTask? {
        try database.write { rows in
            guard let row = rows.tasks[id], row.isVisible, row.task.userID == userID else { return nil }
            rows.tasks[id]?.task.favourite = favourite
            return rows.tasks[id]?.task
        }
    }

    func hide(id: UUID, userID: UUID) async throws -> Bool {
        try database.write { rows in
            guard let row = rows.tasks[id], row.isVisible, row.task.userID == userID else { return false }
            rows.tasks[id]?.deletedAt = Date()
            rows.tasks[id]?.task.idempotencyKey = nil
            return true
        }
    }

    func transition(
        id: UUID, from: Set<TaskStatus>, leaseOwner: String?, change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition? {
        try database.write { rows in
            try rows.transition(id: id, from: from, when: { leaseOwner == nil || $0.leaseOwner == leaseOwner }, change: change)
        }
    }

    func transition(
        id: UUID, from: Set<TaskStatus>, inBatch batchID: UUID, change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition? {
        try database.write { rows in try rows.transition(id: id, from: from, when: { $0.task.batchID == batchID }, change: change) }
    }

    func submissionUsage(userID: UUID) async throws -> SubmissionUsage {
        let now = Date()
        return database.read { $0.usage(of: userID, now: now) }
    }

    func creditsHeld(userID: UUID) async throws -> Int {
        database.read { rows in
            rows.tasks.values.filter { $0.task.userID == userID && $0.task.creditState == .reserved }.reduce(0) { $0 + $1.task.creditsHeld }
        }
    }

    func events(userID: UUID, after eventID: Int, limit: Int) async throws -> [TaskEvent] {
        database.read { rows in Array(rows.events.filter { $0.userID == userID && $0.id > eventID }.prefix(limit)) }
    }
}
