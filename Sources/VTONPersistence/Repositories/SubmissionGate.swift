import FluentKit
import Foundation
import SQLKit
import VTONDomain

/// The rules that count a user's submissions, applied inside the transaction that writes the
/// tasks, so that simultaneous requests cannot each pass a check the others then break:
/// idempotency keys and the per-minute and in-flight quotas (the credit hold is one atomic
/// update of its own). The owners are locked first (`OwnerLock`), so submissions of one user
/// are decided one after another, across processes too.
struct SubmissionGate {
    let database: any Database
    let now: Date
    /// Each owner's usage as read at the start, plus what this transaction admitted since.
    private var counted: [UUID: SubmissionUsage] = [:]

    /// Takes the owners' locks; call once, first thing in the transaction.
    static func open(for owners: Set<UUID>, on database: any Database, now: Date = Date()) async throws -> SubmissionGate {
        try await OwnerLock.take(owners, on: database)
        return SubmissionGate(database: database, now: now)
    }

    /// The task that already answers this key within the window, if any. A key whose task is
    /// deleted or older than the window is freed here, so the new task can take it.
    func existingTask(userID: UUID, idempotencyKey key: String) async throws -> ImageTask? {
        let sql = database as! any SQLDatabase
        guard
            let row = try await sql.select().column("*").from(TaskColumns.table)
                .where("user_id", .equal, userID).where("idempotency_key", .equal, key).first()
        else { return nil }
        let task = try TaskColumns.task(from: row)
        if try row.decode(column: "deleted_at", as: Date?.self) == nil, task.answersIdempotencyKey(at: now) { return task }
        try await sql.update(TaskColumns.table).set(SQLIdentifier("idempotency_key"), to: SQLLiteral.null).where("id", .equal, task.id).run()
        return nil
    }

    /// Refuses `count` more tasks of a user beyond `quota`, counting what this transaction admitted already.
    mutating func admit(_ count: Int, userID: UUID, quota: TaskQuota?) async throws {
        guard let quota else { return }
        var current: SubmissionUsage
        if let counted = counted[userID] { current = counted } else { current = try await Self.usage(of: userID, on: database, now: now) }
        if let refusal = quota.refusal(adding: count, usage: current, now: now) { throw refusal }
        current.add(count, at: now)
        counted[userID] = current
    }

    static func usage(of userID: UUID, on database: any Database, now: Date = Date()) async throws -> SubmissionUsage {
        let sql = database as! any SQLDatabase
        let since = now.addingTimeInterval(-SubmissionUsage.window)
        let row = try await sql.raw(
            """
            SELECT (SELECT COUNT(*) FROM tasks WHERE user_id = \(bind: userID) AND created_at >= \(bind: since)) AS submitted,
            (SELECT MIN(created_at) FROM tasks WHERE user_id = \(bind: userID) AND created_at >= \(bind: since)) AS oldest,
            (SELECT COUNT(*) FROM tasks WHERE user_id = \(bind: userID) AND deleted_at IS NULL
              AND status IN (\(bind: TaskStatus.queued.rawValue), \(bind: TaskStatus.running.rawValue))) AS in_flight
            """
        ).first()
        guard let row else { return SubmissionUsage(submittedLastMinute: 0, oldestInWindow: nil, inFlight: 0) }
        return SubmissionUsage(
            submittedLastMinute: try row.decode(column: "submitted", as: Int.self),
            oldestInWindow: try row.decode(column: "oldest", as: Date?.self),
            inFlight: try row.decode(column: "in_flight", as: Int.self))
    }
}
