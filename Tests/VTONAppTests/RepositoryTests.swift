import Foundation
import Logging
import SQLKit
import Testing
import VTONDomain

@testable import VTONPersistence

/// The task queue's storage rules, on the database of this run of the suite (`TestServer.database`).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RepositoryTests {
    static var locations: [String] { TestServer.databases }

    /// A fresh, migrated database of the given kind.
    func withDatabase(_ kind: String, _ body: (DatabaseConnection, User) async throws -> Void) async throws {
        let logger = Logger(label: "test.repository")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A database of its own on PostgreSQL and MySQL too: suites dropping one shared schema at
        // once failed each other's tests.
        let location = try await TestServer.fresh(kind) ?? .sqliteFile(directory.path + "/db.sqlite")
        let connection = try DatabaseConnection(location: location, logger: logger)
        do {
            try await connection.migrate()
            let user = User(username: "u-\(UUID().uuidString.prefix(8))", email: nil, passwordHash: "x", isSuperuser: false)
            try await FluentUserRepository(connection: connection).create(user, grant: 0, actorID: nil)
            try await body(connection, user)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }

    func newTask(_ user: User, prompt: String = "p") throws -> ImageTask {
        ImageTask(
            userID: user.id, spec: try GenerationSpec.validate(GenerationDraft(prompt: prompt), defaultModel: "gemini-3-pro-image"),
            referenceFileIDs: [])
    }

    @Test(arguments: locations)
    func createWritesTheTaskAndItsFirstEvent(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            let created = try await tasks.create(try newTask(user))
            #expect(created.event.status == .queued)
            let found = try #require(try await tasks.find(id: created.task.id, userID: user.id))
            #expect(found.prompt == created.task.prompt && found.status == .queued && found.model == "gemini-3-pro-image")
            #expect(abs(found.createdAt.timeIntervalSince(created.task.createdAt)) < 0.001)
            #expect(try await tasks.find(id: created.task.id, userID: UUID()) == nil)
            #expect(try await tasks.events(userID: user.id, after: 0, limit: 10).map(\.taskID) == [created.task.id])
        }
    }

    /// Tasks created at once are written in groups: each gets its own event, and a task its
    /// owner cannot pay for is refused alone, without a trace, while the rest of its group lands.
    @Test(arguments: locations)
    func concurrentCreationsLandTogetherAndAShortageRefusesOnlyItsTask(kind: String) async throws {
        try await withDatabase(kind) { connection, poor in
            let rich = User(username: "rich-\(UUID().uuidString.prefix(8))", email: nil, passwordHash: "x", isSuperuser: false)
            let users = FluentUserRepository(connection: connection)
            try await users.create(rich, grant: 10_000, actorID: nil)
            _ = try await FluentCreditRepository(connection: connection).adjust(userID: poor.id, delta: 300, actorID: rich.id, reason: "test")
            let tasks = FluentTaskRepository(connection: connection)
            func priced(_ user: User, _ prompt: String) throws -> ImageTask {
                var task = try newTask(user, prompt: prompt)
                task.creditsHeld = 100
                task.creditState = .reserved
                return task
            }
            let wanted = try (0..<5).map { try priced(poor, "poor \($0)") } + (0..<30).map { try priced(rich, "rich \($0)") }
            let outcomes = await withTaskGroup(of: (ImageTask, TaskTransition?).self) { group in
                for task in wanted { group.addTask { (task, try? await tasks.create(task)) } }
                return await group.reduce(into: [(ImageTask, TaskTransition?)]()) { $0.append($1) }
            }
            let created = outcomes.compactMap(\.1)
            #expect(created.filter { $0.task.userID == poor.id }.count == 3)
            #expect(created.filter { $0.task.userID == rich.id }.count == 30)
            #expect(Set(created.map(\.event.id)).count == created.count)
            #expect(created.allSatisfy { $0.event.taskID == $0.task.id && $0.event.status == .queued })
            for (task, transition) in outcomes where transition == nil {
                #expect(task.userID == poor.id)
                #expect(try await tasks.find(id: task.id) == nil)
            }
            #expect(try await users.find(id: poor.id)?.credits == 0)
            #expect(try await users.find(id: rich.id)?.credits == 10_000 - 3_000)
            #expect(try await tasks.events(userID: rich.id, after: 0, limit: 100).count == 30)
        }
    }

    @Test(arguments: locations)
    func aTaskIsClaimedByOneWorkerOnly(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            for index in 0..<20 { _ = try await tasks.create(try newTask(user, prompt: "t\(index)")) }
            async let first = tasks.claim(owner: "a", leaseSeconds: 30, limit: 20)
            async let second = tasks.claim(owner: "b", leaseSeconds: 30, limit: 20)
            let (a, b) = try await (first, second)
            let ids = a.map(\.task.id) + b.map(\.task.id)
            #expect(ids.count == 20)
            #expect(Set(ids).count == 20, "a task was claimed twice")
            #expect(try await tasks.claim(owner: "c", leaseSeconds: 30, limit: 5).isEmpty)
        }
    }

    @Test(arguments: locations)
    func transitionsFollowTheStateMachineAndTheLease(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            let created = try await tasks.create(try newTask(user))
            let succeed: @Sendable (inout ImageTask) -> Void = { $0.status = .succeeded }
            #expect(try await tasks.transition(id: created.task.id, from: [.running], leaseOwner: nil, change: succeed) == nil)
            _ = try await tasks.claim(owner: "a", leaseSeconds: 30, limit: 1)
            #expect(try await tasks.transition(id: created.task.id, from: [.running], leaseOwner: "b", change: succeed) == nil)
            let done = try #require(try await tasks.transition(id: created.task.id, from: [.running], leaseOwner: "a", change: succeed))
            #expect(done.task.status == .succeeded)
            #expect(try await tasks.transition(id: created.task.id, from: [.succeeded], leaseOwner: nil) { $0.status = .queued } == nil)
            let statuses = try await tasks.events(userID: user.id, after: 0, limit: 10).map(\.status)
            #expect(statuses == [.queued, .running, .succeeded])
        }
    }

    @Test(arguments: locations)
    func expiredLeasesGoBackToTheQueue(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            let stale = try await tasks.create(try newTask(user, prompt: "stale"))
            _ = try await tasks.claim(owner: "dead", leaseSeconds: -1, limit: 1)
            let live = try await tasks.create(try newTask(user, prompt: "live"))
            _ = try await tasks.claim(owner: "alive", leaseSeconds: 60, limit: 1)
            let requeued = try await tasks.requeue(expiredBefore: Date(), owner: nil)
            #expect(requeued.map(\.task.id) == [stale.task.id])
            #expect(try await tasks.find(id: live.task.id)?.status == .running)
            try await tasks.renewLeases(owner: "alive", taskIDs: [live.task.id], leaseSeconds: 60)
            let released = try await tasks.requeue(expiredBefore: .distantFuture, owner: "alive")
            #expect(released.map(\.task.id) == [live.task.id])
            #expect(try await tasks.countByStatus()[.queued] == 2)
        }
    }

    /// A worker killed between storing a task's image and ending the task left a result row the
    /// task never names; the run that ends the task takes it away, or the task would have two
    /// results. An end that fails names none and keeps none.
    @Test(arguments: locations)
    func anEndKeepsOnlyTheResultFilesItNames(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            let files = FluentFileRepository(connection: connection)
            func storeResult(of task: UUID) async throws -> StoredFile {
                let file = StoredFile(
                    ownerID: user.id, kind: .result, sha256: String(repeating: "a", count: 64), mimeType: "image/jpeg", width: 1, height: 1,
                    bytes: 1, taskID: task)
                try await files.create(file)
                return file
            }
            let first = try await tasks.create(try newTask(user, prompt: "first")).task
            _ = try await tasks.claim(owner: "dead", leaseSeconds: -1, limit: 1)
            let lost = try await storeResult(of: first.id)
            #expect(try await tasks.requeue(expiredBefore: Date(), owner: nil).count == 1)
            _ = try await tasks.claim(owner: "next", leaseSeconds: 60, limit: 1)
            let kept = try await storeResult(of: first.id)
            let named = TaskResult(images: [ResultImage(fileID: kept.id, width: 1, height: 1, mimeType: "image/jpeg")], text: nil)
            #expect(
                try await tasks.transition(id: first.id, from: [.running], leaseOwner: "next") {
                    $0.status = .succeeded
                    $0.result = named
                } != nil)
            #expect(try await files.find(ids: [lost.id, kept.id]).map(\.id) == [kept.id])

            let second = try await tasks.create(try newTask(user, prompt: "second")).task
            _ = try await tasks.claim(owner: "next", leaseSeconds: 60, limit: 1)
            let unnamed = try await storeResult(of: second.id)
            #expect(try await tasks.transition(id: second.id, from: [.running], leaseOwner: "next") { $0.status = .failed } != nil)
            #expect(try await files.find(id: unnamed.id) == nil)
            #expect(try await files.find(id: kept.id) != nil, "another task's result stays")
        }
    }

    @Test(arguments: locations)
    func economyReadsFindOnlyTheirTasksAndCountsCoverEveryStatus(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            let now = Date()
            func economy(_ prompt: String, age: Double, deadline: Double?) throws -> ImageTask {
                var task = try newTask(user, prompt: prompt)
                task.priority = .economy
                task.createdAt = now.addingTimeInterval(-age)
                task.deadlineAt = deadline.map { now.addingTimeInterval($0) }
                return task
            }
            for index in 0..<3 { _ = try await tasks.create(try newTask(user, prompt: "realtime \(index)")) }
            let young = try await tasks.create(try economy("young", age: 10, deadline: 3600)).task
            let old = try await tasks.create(try economy("old", age: 60, deadline: -1)).task
            let hidden = try await tasks.create(try economy("hidden", age: 120, deadline: 3600)).task
            #expect(try await tasks.hide(id: hidden.id, userID: user.id))

            #expect(try await tasks.economyPool(limit: 10).map(\.id) == [old.id, young.id])
            #expect(try await tasks.economyPool(limit: 1).map(\.id) == [old.id])
            #expect(try await tasks.overdueEconomy(now: now).map(\.id) == [old.id])
            let counts = try await tasks.countByStatus()
            #expect(counts[.queued] == 6 && counts[.running] == 0 && counts.count == TaskStatus.allCases.count)

            // The pool's read seeks the economy tasks instead of walking the realtime queue.
            if kind == "sqlite", let sql = try connection.database as? any SQLDatabase {
                let plan = try await sql.raw("EXPLAIN QUERY PLAN " + FluentTaskRepository.economyPoolQuery(limit: 10)).all()
                    .map { try $0.decode(column: "detail", as: String.self) }
                #expect(plan.joined().contains("tasks_status_priority_created (status=? AND priority=?)"), "\(plan)")
            }
        }
    }

    @Test(arguments: locations)
    func listPagesNewestFirstAndHides(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            var ids: [UUID] = []
            for index in 0..<5 {
                var task = try newTask(user, prompt: "t\(index)")
                task.createdAt = Date(timeIntervalSince1970: 1_800_000_000 + Double(index))
                ids.append(try await tasks.create(task).task.id)
            }
            let page = try await tasks.list(userID: user.id, filter: TaskFilter(), limit: 2, offset: 1)
            #expect(page.total == 5)
            #expect(page.tasks.map(\.id) == [ids[3], ids[2]])
            #expect(try await tasks.hide(id: ids[4], userID: user.id))
            #expect(try await tasks.list(userID: user.id, filter: TaskFilter(status: .queued), limit: 10, offset: 0).total == 4)
            // A page past the end still tells the total; a status with no task is an empty first page.
            let pastTheEnd = try await tasks.list(userID: user.id, filter: TaskFilter(), limit: 2, offset: 10)
            #expect(pastTheEnd.tasks.isEmpty && pastTheEnd.total == 4)
            let none = try await tasks.list(userID: user.id, filter: TaskFilter(status: .succeeded), limit: 10, offset: 0)
            #expect(none.tasks.isEmpty && none.total == 0)
            #expect(try await tasks.list(userID: UUID(), filter: TaskFilter(), limit: 10, offset: 0).total == 0)
        }
    }
}
