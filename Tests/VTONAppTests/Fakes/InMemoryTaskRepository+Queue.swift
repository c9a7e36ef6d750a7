import Foundation
import VTONDomain

@testable import VTONPersistence

/// The worker's and the economy pool's side of the in-memory task queue.
extension InMemoryTaskRepository {
    func claim(owner: String, leaseSeconds: Double, limit: Int) async throws -> [TaskTransition] {
        guard limit > 0 else { return [] }
        let now = Date()
        return try database.write { rows in
            let candidates = rows.tasks.values.filter { $0.isVisible && $0.task.status == .queued && $0.task.priority == .realtime }
                .map { FairShare.Candidate(taskID: $0.task.id, userID: $0.task.userID, createdAt: $0.task.createdAt) }
            let running = Dictionary(rows.tasks.values.filter { $0.task.status == .running }.map { ($0.task.userID, 1) }, uniquingKeysWith: +)
            return FairShare.pick(candidates, running: running, limit: limit).compactMap { id -> TaskTransition? in
                guard var row = rows.tasks[id] else { return nil }
                row.leaseOwner = owner
                row.leaseExpiresAt = now.addingTimeInterval(leaseSeconds)
                row.task.status = .running
                row.task.startedAt = now
                rows.tasks[id] = row
                return TaskTransition(task: row.task, event: rows.record(row.task))
            }
        }
    }

    func renewLeases(owner: String, taskIDs: [UUID], leaseSeconds: Double) async throws {
        let until = Date().addingTimeInterval(leaseSeconds)
        try database.write { rows in
            for id in taskIDs where rows.tasks[id]?.leaseOwner == owner && rows.tasks[id]?.task.status == .running {
                rows.tasks[id]?.leaseExpiresAt = until
            }
        }
    }

    func requeue(expiredBefore now: Date, owner: String?) async throws -> [TaskTransition] {
        try database.write { rows in
            let lapsed = rows.tasks.values.filter { row in
                guard row.task.status == .running else { return false }
                if let owner { return row.leaseOwner == owner }
                return row.leaseExpiresAt.map { $0 < now } ?? false
            }
            return try lapsed.map(\.task).sorted(by: Self.queueOrder).compactMap { task in
                try rows.transition(id: task.id, from: [.running], when: { owner == nil || $0.leaseOwner == owner }) { $0.requeue() }
            }
        }
    }

    func queuedAhead(of task: ImageTask) async throws -> Int {
        database.read { rows in
            rows.tasks.values.filter {
                $0.isVisible && $0.task.status == .queued && $0.task.priority == task.priority && $0.task.batchID == nil
                    && Self.queueOrder($0.task, task)
            }.count
        }
    }

    func economyPool(limit: Int) async throws -> [ImageTask] {
        database.read { rows in
            let pooled = rows.tasks.values.filter {
                $0.isVisible && $0.task.status == .queued && $0.task.priority == .economy && $0.task.batchID == nil
            }
            return Array(pooled.map(\.task).sorted(by: Self.queueOrder).prefix(limit))
        }
    }

    func overdueEconomy(now: Date) async throws -> [ImageTask] {
        database.read { rows in
            rows.tasks.values.map(\.task).filter { task in
                [.queued, .running].contains(task.status) && task.priority == .economy && task.deadlineAt.map { $0 <= now } == true
            }.sorted(by: Self.queueOrder)
        }
    }

    /// `ORDER BY created_at, id`, the id compared as its text.
    static func queueOrder(_ a: ImageTask, _ b: ImageTask) -> Bool {
        (a.createdAt, a.id.uuidString) < (b.createdAt, b.id.uuidString)
    }
}
