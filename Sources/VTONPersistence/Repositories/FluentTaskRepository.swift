import FluentKit
import Foundation
import SQLKit
import VTONDomain

public struct FluentTaskRepository: TaskRepository {
    let connection: DatabaseConnection
    private let creations: TaskCreationQueue

    public init(connection: DatabaseConnection) {
        self.connection = connection
        creations = TaskCreationQueue { tasks in try await Self.insert(tasks, connection: connection) }
    }

    public func create(_ task: NewTask) async throws -> TaskCreation {
        try await creations.create(task)
    }

    /// New tasks with their first events and credit holds, in one transaction. A task whose
    /// idempotency key is taken answers the task that has it; one whose owner may not submit
    /// it (quota, credits) is left out and answered with why. A key repeated within the group
    /// shares the outcome of its first task.
    static func insert(_ group: [NewTask], connection: DatabaseConnection) async throws -> [TaskCreationQueue.Outcome] {
        try await TransactionRetry.run { try await insertOnce(group, connection: connection) }
    }

    private static func insertOnce(_ group: [NewTask], connection: DatabaseConnection) async throws -> [TaskCreationQueue.Outcome] {
        try await connection.database.transaction { database in
            var gate = try await SubmissionGate.open(for: Set(group.map(\.task.userID)), on: database)
            var outcomes: [TaskCreationQueue.Outcome?] = Array(repeating: nil, count: group.count)
            var firstWithKey: [String: Int] = [:]
            var sharing: [Int: Int] = [:]
            var admitted: [ImageTask] = []
            var holds: [LedgerEntry] = []
            for (index, new) in group.enumerated() {
                let task = new.task
                if let key = task.idempotencyKey {
                    let scoped = "\(task.userID) \(key)"
                    if let first = firstWithKey[scoped] {
                        sharing[index] = first
                        continue
                    }
                    firstWithKey[scoped] = index
                    if let existing = try await gate.existingTask(userID: task.userID, idempotencyKey: key) {
                        outcomes[index] = .existing(existing)
                        continue
                    }
                }
                do {
                    try await gate.admit(1, userID: task.userID, quota: new.quota)
                    if let hold = try await CreditBook.hold(for: task, on: database) { holds.append(hold) }
                    admitted.append(task)
                } catch let refusal where refusal is QuotaRefusal || refusal is InsufficientCredits {
                    outcomes[index] = .refused(refusal)
                }
            }
            for transition in try await write(admitted, holds: holds, on: database) {
                outcomes[group.firstIndex { $0.task.id == transition.task.id }!] = .created(transition)
            }
            for (index, first) in sharing {
                switch outcomes[first]! {
                case .created(let transition): outcomes[index] = .existing(transition.task)
                case let other: outcomes[index] = other
                }
            }
            return outcomes.map { $0! }
        }
    }

    public func create(variations: [ImageTask], quota: TaskQuota?) async throws -> VariationsCreation {
        guard let first = variations.first else { return .created([]) }
        return try await connection.database.transaction { database in
            var gate = try await SubmissionGate.open(for: [first.userID], on: database)
            if let key = first.idempotencyKey, let existing = try await gate.existingTask(userID: first.userID, idempotencyKey: key) {
                return .existing(existing)
            }
            try await gate.admit(variations.count, userID: first.userID, quota: quota)
            var holds: [LedgerEntry] = []
            for task in variations { if let hold = try await CreditBook.hold(for: task, on: database) { holds.append(hold) } }
            return .created(try await Self.write(variations, holds: holds, on: database))
        }
    }

    /// New tasks whose holds are already taken: the rows, the ledger and each task's first event.
    static func write(_ tasks: [ImageTask], holds: [LedgerEntry], on database: any Database) async throws -> [TaskTransition] {
        try await TaskColumns.insert(tasks, on: database)
        try await CreditLedgerModel.insert(holds, on: database)
        return zip(tasks, try await TaskEventModel.insert(snapshotsOf: tasks, on: database)).map(TaskTransition.init)
    }

    public func find(id: UUID) async throws -> ImageTask? {
        try await tasks("SELECT * FROM tasks WHERE id = \(bind: id) LIMIT 1").first
    }

    public func find(id: UUID, userID: UUID) async throws -> ImageTask? {
        try await tasks("SELECT * FROM tasks WHERE id = \(bind: id) AND user_id = \(bind: userID) AND deleted_at IS NULL LIMIT 1").first
    }

    public func find(ids: [UUID], userID: UUID) async throws -> [ImageTask] {
        guard !ids.isEmpty else { return [] }
        let rows = try await (connection.database as! any SQLDatabase).select().column("*").from(TaskColumns.table)
            .where("id", .in, ids).where("user_id", .equal, userID).where("deleted_at", .is, SQLLiteral.null).all()
        return try rows.map(TaskColumns.task(from:))
    }

    public func find(userID: UUID, idempotencyKey: String) async throws -> ImageTask? {
        try await tasks(
            """
            SELECT * FROM tasks WHERE user_id = \(bind: userID) AND idempotency_key = \(bind: idempotencyKey) AND deleted_at IS NULL
            AND created_at >= \(bind: Date().addingTimeInterval(-ImageTask.idempotencyWindow)) LIMIT 1
            """
        ).first
    }

    /// The API's most frequent read: the page and the total in one statement, the total as a
    /// subquery that both databases evaluate once (a second query cost a second trip through
    /// the connection pool; `COUNT(*) OVER ()` counted by materialising every visible row).
    public func list(userID: UUID, filter: TaskFilter, limit: Int, offset: Int) async throws -> TaskPage {
        var visible: SQLQueryString = "user_id = \(bind: userID) AND deleted_at IS NULL"
        if let status = filter.status { visible += " AND status = \(bind: status.rawValue)" }
        if filter.favouritesOnly { visible += " AND favourite = \(bind: true)" }
        for word in filter.words { visible += " AND " + PromptSearch.condition(word, in: connection) }
        if let people = filter.personFileIDs { visible += " AND " + Self.personCondition(people) }
        if let group = filter.variationGroupID { visible += " AND variation_group_id = \(bind: group)" }
        let rows = try await connection.read(
            "SELECT *, (SELECT COUNT(*) FROM tasks WHERE " + visible + ") AS total FROM tasks WHERE " + visible
                + " ORDER BY created_at DESC, id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)")
        if let first = rows.first {
            return TaskPage(tasks: try rows.map(TaskColumns.task(from:)), total: try first.value("total", as: Int.self))
        }
        // An empty page says nothing of the total unless it is the first.
        guard offset > 0 else { return TaskPage(tasks: [], total: 0) }
        let total = try await connection.read("SELECT COUNT(*) AS total FROM tasks WHERE " + visible).first?.value("total", as: Int.self)
        return TaskPage(tasks: [], total: total ?? 0)
    }

    /// A try-on's person is the first of its references (`ImageTask.personFileID`).
    static func personCondition(_ fileIDs: [UUID]) -> SQLQueryString {
        guard !fileIDs.isEmpty else { return "1 = 0" }
        var condition: SQLQueryString = "task_type = \(bind: TaskType.tryon.rawValue) AND ("
        for (index, id) in fileIDs.enumerated() {
            if index > 0 { condition += " OR " }
            condition += "reference_file_ids LIKE \(bind: id.uuidString + "%")"
        }
        return condition + ")"
    }

    private func tasks(_ query: SQLQueryString) async throws -> [ImageTask] {
        try await connection.read(query).map(TaskColumns.task(from:))
    }

    public func setFavourite(id: UUID, userID: UUID, _ favourite: Bool) async throws -> ImageTask? {
        if connection.isMySQL {
            let rows = try await LockedUpdate.rows(
                of: TaskColumns.table, where: "id = \(bind: id) AND user_id = \(bind: userID) AND deleted_at IS NULL",
                set: [("favourite", SQLBind(favourite))], on: connection.database)
            return try rows.first.map(TaskColumns.task(from:))
        }
        let rows = try await (connection.database as! any SQLDatabase).update(TaskColumns.table)
            .set(SQLIdentifier("favourite"), to: SQLBind(favourite))
            .where("id", .equal, id).where("user_id", .equal, userID).where("deleted_at", .is, SQLLiteral.null)
            .returning(SQLLiteral.all).all()
        return try rows.first.map(TaskColumns.task(from:))
    }

    public func hide(id: UUID, userID: UUID) async throws -> Bool {
        // Its key may name a new task now: an answer must never be a task that then 404s.
        if connection.isMySQL {
            return try await !LockedUpdate.rows(
                of: TaskColumns.table, where: "id = \(bind: id) AND user_id = \(bind: userID) AND deleted_at IS NULL",
                set: [("deleted_at", SQLBind(Date())), ("idempotency_key", SQLLiteral.null)], on: connection.database
            ).isEmpty
        }
        let hidden = try await (connection.database as! any SQLDatabase).update(TaskColumns.table)
            .set(SQLIdentifier("deleted_at"), to: SQLBind(Date())).set(SQLIdentifier("idempotency_key"), to: SQLLiteral.null)
            .where("id", .equal, id).where("user_id", .equal, userID).where("deleted_at", .is, SQLLiteral.null)
            .returning("id").all()
        return !hidden.isEmpty
    }

    public func transition(
        id: UUID, from: Set<TaskStatus>, leaseOwner: String?, change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition? {
        try await transition(id: id, from: from, when: { _, owner in leaseOwner == nil || owner == leaseOwner }, change: change)
    }

    public func transition(
        id: UUID, from: Set<TaskStatus>, inBatch batchID: UUID, change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition? {
        try await transition(id: id, from: from, when: { task, _ in task.batchID == batchID }, change: change)
    }

    private func transition(
        id: UUID, from: Set<TaskStatus>, when condition: @escaping @Sendable (ImageTask, _ leaseOwner: String?) -> Bool,
        change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition? {
        try await TransactionRetry.run { try await transitionOnce(id: id, from: from, when: condition, change: change) }
    }

    private func transitionOnce(
        id: UUID, from: Set<TaskStatus>, when condition: @escaping @Sendable (ImageTask, _ leaseOwner: String?) -> Bool,
        change: @escaping @Sendable (inout ImageTask) -> Void
    ) async throws -> TaskTransition? {
        try await connection.database.transaction { database in
            let sql = database as! any SQLDatabase
            // Locked until commit where the database can (PostgreSQL): a cancel and a worker's
            // finish in two processes cannot both move the same task. SQLite has one writer anyway.
            guard let row = try await sql.select().column("*").from(TaskColumns.table).where("id", .equal, id).for(.update).first()
            else { return nil }
            let stored = try TaskColumns.task(from: row)
            guard condition(stored, try row.decode(column: "lease_owner", as: String?.self)), var task = stored.changed(from: from, by: change)
            else { return nil }
            try await CreditBook.settle(&task, heldBefore: stored.creditsHeld, on: database)
            try await TaskColumns.update(task, on: database)
            try await Self.dropStrayResults(of: task, on: database)
            return try await Self.record(task, on: database)
        }
    }

    /// A task's result files are those its end names. A run that lost the task after storing
    /// its image (a worker killed before it could end the task, a batch collected again after
    /// its poller died) left a row of its own; without this the task would show two results.
    private static func dropStrayResults(of task: ImageTask, on database: any Database) async throws {
        guard task.status.isTerminal else { return }
        let named = task.result?.images.map(\.fileID) ?? []
        try await StoredFileModel.query(on: database).filter(\.$taskID == task.id).filter(\.$kind == StoredFileKind.result.rawValue)
            .filter(\.$id !~ named).delete()
    }

    public func claim(owner: String, leaseSeconds: Double, limit: Int) async throws -> [TaskTransition] {
        guard limit > 0 else { return [] }
        let database = try connection.database
        let candidates = try await fairCandidates(limit: limit, on: database)
        guard !candidates.isEmpty else { return [] }
        // One statement claims them all: when a wave of tasks ends together, claiming the next
        // one by one left the last worker idle for a tenth of a second.
        // Workers in other processes claim from the same candidates: on PostgreSQL and MySQL each
        // skips the rows another is claiming instead of queueing behind its lock (SQLite has one
        // writer). MySQL can neither return updated rows nor update a table it selects from in a
        // subquery: `LockedUpdate` locks, updates and reads them instead.
        return try await database.transaction { database in
            let now = Date()
            let expires = now.addingTimeInterval(leaseSeconds)
            // The status condition makes the claim exclusive: a second claimer updates nothing.
            let rows: [any SQLRow]
            if connection.isMySQL {
                rows = try await LockedUpdate.rows(
                    of: TaskColumns.table, where: "id IN (\(binds: candidates)) AND status = \(bind: TaskStatus.queued.rawValue)",
                    set: [
                        ("status", SQLBind(TaskStatus.running.rawValue)), ("lease_owner", SQLBind(owner)), ("lease_expires_at", SQLBind(expires)),
                        ("started_at", SQLBind(now)),
                    ], skippingLocked: true, on: database)
            } else {
                let skipLocked: SQLQueryString = connection.isSQLite ? "" : " FOR UPDATE SKIP LOCKED"
                rows = try await (database as! any SQLDatabase).raw(
                    """
                    UPDATE tasks SET status = \(bind: TaskStatus.running.rawValue), lease_owner = \(bind: owner),
                    lease_expires_at = \(bind: expires), started_at = \(bind: now)
                    WHERE id IN (SELECT id FROM tasks WHERE id IN (\(binds: candidates)) AND status = \(bind: TaskStatus.queued.rawValue)
                    """ + skipLocked + ") RETURNING *"
                ).all()
            }
            let won = Dictionary(uniqueKeysWithValues: try rows.map(TaskColumns.task(from:)).map { ($0.id, $0) })
            // In the fair-share order, with their events written in one statement.
            let claimed = candidates.compactMap { won[$0] }
            return zip(claimed, try await TaskEventModel.insert(snapshotsOf: claimed, on: database)).map(TaskTransition.init)
        }
    }

    /// Each user's oldest queued realtime tasks (at most `limit` per user), ordered by
    /// `FairShare` against what each user already has running.
    private func fairCandidates(limit: Int, on database: any Database) async throws -> [UUID] {
        let sql = database as! any SQLDatabase
        let queued = try await sql.raw(
            """
            SELECT id, user_id, created_at FROM (
              SELECT id, user_id, created_at, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at, id) AS position
              FROM tasks WHERE status = \(bind: TaskStatus.queued.rawValue) AND priority = \(bind: TaskPriority.realtime.rawValue)
              AND deleted_at IS NULL
            ) AS queued WHERE position <= \(bind: limit)
            """
        ).all()
        guard !queued.isEmpty else { return [] }
        let candidates = try queued.map {
            FairShare.Candidate(
                taskID: try $0.decode(column: "id", as: UUID.self), userID: try $0.decode(column: "user_id", as: UUID.self),
                createdAt: try $0.decode(column: "created_at", as: Date.self))
        }
        var running: [UUID: Int] = [:]
        for row in try await sql.raw(
            "SELECT user_id, COUNT(*) AS running FROM tasks WHERE status = \(bind: TaskStatus.running.rawValue) GROUP BY user_id"
        ).all() {
            running[try row.decode(column: "user_id", as: UUID.self)] = try row.decode(column: "running", as: Int.self)
        }
        return FairShare.pick(candidates, running: running, limit: limit)
    }

    public func submissionUsage(userID: UUID) async throws -> SubmissionUsage {
        try await SubmissionGate.usage(of: userID, on: connection.database)
    }

    public func creditsHeld(userID: UUID) async throws -> Int {
        let rows = try await connection.read(
            """
            SELECT \(IntegerSum("credits_held")) AS held FROM tasks
            WHERE user_id = \(bind: userID) AND credit_state = \(bind: CreditState.reserved.rawValue)
            """)
        return try rows.first?.value("held", as: Int.self) ?? 0
    }

    public func recentFailures(limit: Int) async throws -> [ImageTask] {
        try await tasks(
            "SELECT * FROM tasks WHERE status = \(bind: TaskStatus.failed.rawValue) ORDER BY finished_at DESC LIMIT \(literal: limit)")
    }

    // The economy pool's reads run every second whatever the load: as plain reads they take
    // no turn of the single SQLite writer that every POST waits for.
    /// Ids are time-ordered, so they sort as the tasks were made; a time read back from a row
    /// is rounded and may not find the row it came from.
    public func queuedAhead(of task: ImageTask) async throws -> Int {
        let rows = try await connection.read(
            """
            SELECT COUNT(*) AS ahead FROM tasks WHERE status = \(bind: TaskStatus.queued.rawValue) AND priority = \(bind: task.priority.rawValue)
            AND batch_id IS NULL AND deleted_at IS NULL AND id < \(bind: task.id)
            """)
        return try rows.first?.value("ahead", as: Int.self) ?? 0
    }

    public func economyPool(limit: Int) async throws -> [ImageTask] {
        try await tasks(Self.economyPoolQuery(limit: limit))
    }

    static func economyPoolQuery(limit: Int) -> SQLQueryString {
        """
        SELECT * FROM tasks WHERE status = \(bind: TaskStatus.queued.rawValue) AND priority = \(bind: TaskPriority.economy.rawValue)
        AND batch_id IS NULL AND deleted_at IS NULL ORDER BY created_at, id LIMIT \(literal: limit)
        """
    }

    public func overdueEconomy(now: Date) async throws -> [ImageTask] {
        try await tasks(
            """
            SELECT * FROM tasks WHERE status IN (\(bind: TaskStatus.queued.rawValue), \(bind: TaskStatus.running.rawValue))
            AND priority = \(bind: TaskPriority.economy.rawValue) AND deadline_at <= \(bind: now)
            """)
    }

    public func renewLeases(owner: String, taskIDs: [UUID], leaseSeconds: Double) async throws {
        guard !taskIDs.isEmpty else { return }
        try await (connection.database as! any SQLDatabase).update(TaskColumns.table)
            .set(SQLIdentifier("lease_expires_at"), to: SQLBind(Date().addingTimeInterval(leaseSeconds)))
            .where("id", .in, taskIDs).where("lease_owner", .equal, owner).where("status", .equal, TaskStatus.running.rawValue)
            .run()
    }

    public func requeue(expiredBefore now: Date, owner: String?) async throws -> [TaskTransition] {
        let held: SQLQueryString = if let owner { "lease_owner = \(bind: owner)" } else { "lease_expires_at < \(bind: now)" }
        let ids = try await (connection.database as! any SQLDatabase)
            .raw("SELECT id FROM tasks WHERE status = \(bind: TaskStatus.running.rawValue) AND " + held).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        var requeued: [TaskTransition] = []
        for id in ids {
            let transition = try await transition(id: id, from: [.running], leaseOwner: owner) { $0.requeue() }
            if let transition { requeued.append(transition) }
        }
        return requeued
    }

    public func events(userID: UUID, after eventID: Int, limit: Int) async throws -> [TaskEvent] {
        try await TaskEventModel.query(on: connection.database)
            .filter(\.$userID == userID).filter(\.$id > eventID)
            .sort(\.$id).limit(limit).all().map(\.domain)
    }

    public func countByStatus() async throws -> [TaskStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0, 0) })
        for row in try await connection.read("SELECT status, COUNT(*) AS count FROM tasks GROUP BY status") {
            guard let status = TaskStatus(rawValue: try row.value("status", as: String.self)) else { continue }
            counts[status] = try row.value("count", as: Int.self)
        }
        return counts
    }

    public func spending() async throws -> TaskSpending {
        let query: SQLQueryString = """
            SELECT COUNT(CASE WHEN cost_micro_usd > 0 THEN 1 END) AS charged,
                \(IntegerSum("cost_micro_usd")) AS list_price,
                \(IntegerSum("provider_cost_micro_usd")) AS provider_cost,
                COUNT(provider_cost_micro_usd) AS with_provider_cost
            FROM tasks
            """
        guard let row = try await connection.read(query).first else {
            return TaskSpending(tasksCharged: 0, listPriceMicroUSD: 0, providerCostMicroUSD: 0, tasksWithProviderCost: 0)
        }
        return TaskSpending(
            tasksCharged: try row.value("charged", as: Int.self),
            listPriceMicroUSD: try row.value("list_price", as: Int.self),
            providerCostMicroUSD: try row.value("provider_cost", as: Int.self),
            tasksWithProviderCost: try row.value("with_provider_cost", as: Int.self))
    }

    private static func record(_ task: ImageTask, on database: any Database) async throws -> TaskTransition {
        TaskTransition(task: task, event: try await TaskEventModel.insert(snapshotsOf: [task], on: database)[0])
    }
}
