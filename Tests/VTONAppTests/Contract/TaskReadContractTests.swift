import Foundation
import Testing
import VTONDomain
import VTONPersistence

/// The reads of `TaskRepository`, held equally of the in-memory fake and of Fluent: pages,
/// hidden tasks, try-ons of one person, the economy pool and its overdue tasks.
@Suite(.timeLimit(.minutes(2)))
struct TaskReadContractTests {
    @Test(arguments: RepositoryBackend.kinds)
    func pagesAreNewestFirstAndHiddenTasksAreGoneFromEveryOwnersRead(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let start = Date().addingTimeInterval(-100)
            var ids: [UUID] = []
            for second in 0..<4 {
                ids.append(try await backend.tasks.create(try contractTask(user, createdAt: start.addingTimeInterval(Double(second)))).task.id)
            }
            let page = try await backend.tasks.list(userID: user.id, filter: TaskFilter(), limit: 2, offset: 1)
            #expect(page.tasks.map(\.id) == [ids[2], ids[1]] && page.total == 4)

            #expect(try await backend.tasks.hide(id: ids[3], userID: user.id))
            #expect(try await !backend.tasks.hide(id: ids[3], userID: user.id), "hidden once")
            #expect(try await !backend.tasks.hide(id: ids[2], userID: UUID()), "only by its owner")
            #expect(try await backend.tasks.find(id: ids[3], userID: user.id) == nil)
            #expect(try await backend.tasks.find(id: ids[3]) != nil, "the row stays for the ledger and the system page")
            #expect(
                try await backend.tasks.list(userID: user.id, filter: TaskFilter(status: .queued), limit: 10, offset: 0).tasks.map(\.id) == [
                    ids[2], ids[1], ids[0],
                ])
            #expect(try await backend.tasks.list(userID: user.id, filter: TaskFilter(status: .running), limit: 10, offset: 0).total == 0)
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func theEconomyPoolHoldsQueuedUnbatchedEconomyTasksOldestFirst(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let now = Date()
            func economy(age: Double, deadline: Int? = nil) async throws -> UUID {
                var task = try contractTask(user, priority: "economy", createdAt: now.addingTimeInterval(-age))
                task.deadlineAt = deadline.map { now.addingTimeInterval(Double($0)) }
                return try await backend.tasks.create(task).task.id
            }
            _ = try await backend.tasks.create(try contractTask(user, "realtime"))
            let young = try await economy(age: 10, deadline: 3_600)
            let overdue = try await economy(age: 60, deadline: -1)
            let hidden = try await economy(age: 120)
            #expect(try await backend.tasks.hide(id: hidden, userID: user.id))
            let batched = try await economy(age: 200)
            _ = try await backend.tasks.transition(id: batched, from: [.queued], leaseOwner: nil) { $0.batchID = UUID() }

            #expect(try await backend.tasks.economyPool(limit: 10).map(\.id) == [overdue, young])
            #expect(try await backend.tasks.economyPool(limit: 1).map(\.id) == [overdue])
            #expect(try await backend.tasks.overdueEconomy(now: now).map(\.id) == [overdue])
        }
    }

    @Test(arguments: RepositoryBackend.kinds)
    func aPersonFilterKeepsTheTryOnsWhosePersonIsOneOfTheFiles(kind: String) async throws {
        try await RepositoryBackend.with(kind) { backend in
            let user = try await backend.user()
            let (person, copy, other, garment) = (UUID(), UUID(), UUID(), UUID())
            func tryOn(_ references: [UUID], type: TaskType = .tryon, age: Double) async throws -> UUID {
                var task = try contractTask(user, createdAt: Date().addingTimeInterval(-age))
                task.type = type
                task.referenceFileIDs = references
                return try await backend.tasks.create(task).task.id
            }
            let first = try await tryOn([person, garment], age: 30)
            let second = try await tryOn([copy, garment, UUID()], age: 20)
            _ = try await tryOn([other, person], age: 15)  // its garment is the person photo: not its person
            _ = try await tryOn([person], type: .generate, age: 10)  // a generation's reference is no person
            let hidden = try await tryOn([person, garment], age: 5)
            #expect(try await backend.tasks.hide(id: hidden, userID: user.id))

            let page = try await backend.tasks.list(userID: user.id, filter: TaskFilter(personFileIDs: [person, copy]), limit: 10, offset: 0)
            #expect(page.tasks.map(\.id) == [second, first] && page.total == 2)
            #expect(try await backend.tasks.list(userID: user.id, filter: TaskFilter(personFileIDs: []), limit: 10, offset: 0).total == 0)
            #expect(try await backend.tasks.list(userID: UUID(), filter: TaskFilter(personFileIDs: [person]), limit: 10, offset: 0).total == 0)
        }
    }
}
