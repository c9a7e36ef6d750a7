import FluentKit
import Foundation
import SQLKit
import VTONDomain

/// Batches and their tasks. The poller leases a batch before working on it, so two pollers
/// (a restart, a second process) never store its results twice.
public protocol BatchRepository: Sendable {
    /// Writes the batch and one queued task per prompt, with their events, in one transaction.
    /// Writes a user's batch with its tasks and their holds, refusing it whole (`QuotaRefusal`,
    /// `InsufficientCredits`) when its owner may not submit that many now.
    func create(_ batch: ImageBatch, tasks: [ImageTask], quota: TaskQuota?) async throws -> [TaskTransition]
    /// Records the intent to send pooled tasks as one economy batch and makes them its members,
    /// taking only those still pooled (queued and in no batch); returns the ids taken.
    func reserveEconomy(_ intent: BatchIntent, taskIDs: [UUID]) async throws -> [UUID]
    /// The provider's job for an intent: the economy batch is written and the intent is done.
    func recordEconomy(_ batch: ImageBatch) async throws
    /// An intent whose job was never made: its tasks that are still queued go back to the pool.
    func abandon(_ intent: BatchIntent) async throws
    /// Intents recorded before `date` and not yet resolved.
    func intents(before date: Date) async throws -> [BatchIntent]
    /// A user's own batch by our id, the provider name (`batches/abc`) or its last segment.
    func find(reference: String, userID: UUID) async throws -> ImageBatch?
    func tasks(of batchID: UUID) async throws -> [ImageTask]
    func save(_ batch: ImageBatch) async throws
    /// Leases batches that are open and due for a poll.
    func leaseDue(owner: String, now: Date, leaseSeconds: Double, limit: Int) async throws -> [ImageBatch]
    func release(_ batchID: UUID, owner: String) async throws
    /// When the next open batch is due, if any.
    func nextDue() async throws -> Date?
}

public struct FluentBatchRepository: BatchRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func create(_ batch: ImageBatch, tasks: [ImageTask], quota: TaskQuota?) async throws -> [TaskTransition] {
        try await connection.database.transaction { database in
            var gate = try await SubmissionGate.open(for: [batch.userID], on: database)
            try await gate.admit(tasks.count, userID: batch.userID, quota: quota)
            try await BatchModel(batch).create(on: database)
            var holds: [LedgerEntry] = []
            for task in tasks { if let hold = try await CreditBook.hold(for: task, on: database) { holds.append(hold) } }
            return try await FluentTaskRepository.write(tasks, holds: holds, on: database)
        }
    }

    public func reserveEconomy(_ intent: BatchIntent, taskIDs: [UUID]) async throws -> [UUID] {
        try await connection.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.insert(into: "batch_intents").columns("id", "model", "created_at")
                .values(SQLBind(intent.id), SQLBind(intent.model), SQLBind(intent.createdAt)).run()
            guard connection.isMySQL else {
                var taken: [UUID] = []
                for id in taskIDs {
                    let rows = try await sql.update(TaskColumns.table)
                        .set(SQLIdentifier("batch_id"), to: SQLBind(intent.id)).set(SQLIdentifier("batch_index"), to: SQLBind(taken.count))
                        .where("id", .equal, id).where("batch_id", .is, SQLLiteral.null)
                        .where("status", .equal, TaskStatus.queued.rawValue).where("priority", .equal, TaskPriority.economy.rawValue)
                        .returning("id").all()
                    if !rows.isEmpty { taken.append(id) }
                }
                return taken
            }
            guard !taskIDs.isEmpty else { return [] }
            // MySQL has no UPDATE … RETURNING to tell which an update took: the ones still pooled
            // are locked as they are read, so no other process takes them before they are ours.
            let pooled = Set(
                try await sql.select().column("id").from(TaskColumns.table).where("id", .in, taskIDs).where("batch_id", .is, SQLLiteral.null)
                    .where("status", .equal, TaskStatus.queued.rawValue).where("priority", .equal, TaskPriority.economy.rawValue)
                    .for(.update).all().map { try $0.decode(column: "id", as: UUID.self) })
            let taken = taskIDs.filter(pooled.contains)
            for (index, id) in taken.enumerated() {
                try await sql.update(TaskColumns.table)
                    .set(SQLIdentifier("batch_id"), to: SQLBind(intent.id)).set(SQLIdentifier("batch_index"), to: SQLBind(index))
                    .where("id", .equal, id).run()
            }
            return taken
        }
    }

    public func recordEconomy(_ batch: ImageBatch) async throws {
        try await connection.database.transaction { database in
            try await BatchModel(batch).create(on: database)
            try await (database as! any SQLDatabase).delete(from: "batch_intents").where("id", .equal, batch.id).run()
        }
    }

    public func abandon(_ intent: BatchIntent) async throws {
        try await connection.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.update(TaskColumns.table)
                .set(SQLIdentifier("batch_id"), to: SQLLiteral.null).set(SQLIdentifier("batch_index"), to: SQLLiteral.null)
                .where("batch_id", .equal, intent.id).where("status", .equal, TaskStatus.queued.rawValue).run()
            try await sql.delete(from: "batch_intents").where("id", .equal, intent.id).run()
        }
    }

    public func intents(before date: Date) async throws -> [BatchIntent] {
        try await (connection.database as! any SQLDatabase).select().columns("id", "model", "created_at").from("batch_intents")
            .where("created_at", .lessThan, date).orderBy("created_at").all()
            .map {
                BatchIntent(
                    id: try $0.decode(column: "id", as: UUID.self), model: try $0.decode(column: "model", as: String.self),
                    createdAt: try $0.decode(column: "created_at", as: Date.self))
            }
    }

    public func find(reference: String, userID: UUID) async throws -> ImageBatch? {
        let database = try connection.database
        let owned = BatchModel.query(on: database).filter(\.$userID == userID)
            .group(.or) { $0.filter(\.$kind == nil).filter(\.$kind == BatchKind.request.rawValue) }
        if let id = UUID(uuidString: reference) {
            return try await owned.filter(\.$id == id).first()?.domain
        }
        let name = reference.hasPrefix("batches/") ? reference : "batches/\(reference)"
        return try await owned.filter(\.$providerName == name).first()?.domain
    }

    public func tasks(of batchID: UUID) async throws -> [ImageTask] {
        try await connection.read("SELECT * FROM tasks WHERE batch_id = \(bind: batchID) ORDER BY created_at, id").map(TaskColumns.task(from:))
    }

    public func save(_ batch: ImageBatch) async throws {
        let database = try connection.database
        guard let row = try await BatchModel.find(batch.id, on: database) else { return }
        row.apply(batch)
        try await row.update(on: database)
    }

    public func leaseDue(owner: String, now: Date, leaseSeconds: Double, limit: Int) async throws -> [ImageBatch] {
        let database = try connection.database
        let open = [BatchPhase.pending.rawValue, BatchPhase.running.rawValue]
        let due = try await BatchModel.query(on: database).filter(\.$phase ~~ open).filter(\.$nextPollAt <= now)
            .sort(\.$nextPollAt).limit(limit).all(\.$id)
        var leased: [ImageBatch] = []
        for id in due {
            // Free, or held by a poller whose lease ran out: the condition makes the lease exclusive.
            try await BatchModel.query(on: database).filter(\.$id == id)
                .group(.or) { $0.filter(\.$leaseOwner == nil).filter(\.$leaseExpiresAt < now) }
                .set(\.$leaseOwner, to: owner).set(\.$leaseExpiresAt, to: now.addingTimeInterval(leaseSeconds))
                .update()
            if let row = try await BatchModel.find(id, on: database), row.leaseOwner == owner { leased.append(row.domain) }
        }
        return leased
    }

    public func release(_ batchID: UUID, owner: String) async throws {
        try await BatchModel.query(on: connection.database).filter(\.$id == batchID).filter(\.$leaseOwner == owner)
            .set(\.$leaseOwner, to: nil).set(\.$leaseExpiresAt, to: nil).update()
    }

    public func nextDue() async throws -> Date? {
        let open = [BatchPhase.pending.rawValue, BatchPhase.running.rawValue]
        return try await BatchModel.query(on: connection.database).filter(\.$phase ~~ open).sort(\.$nextPollAt).first()?.nextPollAt
    }
}
