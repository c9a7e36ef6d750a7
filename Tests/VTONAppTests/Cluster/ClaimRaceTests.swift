import Foundation
import Testing
import VTONDomain

@testable import VTONPersistence

/// Workers of many processes claiming from one queue: every task is claimed by exactly one of
/// them, on SQLite and PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ClaimRaceTests {
    @Test(arguments: RepositoryTests.locations)
    func twentyFourWorkersClaimingAtOnceTakeEachTaskOnce(kind: String) async throws {
        let repository = RepositoryTests()
        try await repository.withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            var created: Set<UUID> = []
            for index in 0..<120 { created.insert(try await tasks.create(try repository.newTask(user, prompt: "task \(index)")).task.id) }

            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for worker in 0..<24 {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let claimed = try await tasks.claim(owner: "worker-\(worker)", leaseSeconds: 30, limit: 4)
                            if claimed.isEmpty { return mine }
                            #expect(claimed.allSatisfy { $0.task.status == .running })
                            mine += claimed.map(\.task.id)
                        }
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(claims.count == created.count, "no task claimed twice, none left behind")
            #expect(Set(claims) == created)
            let counts = try await tasks.countByStatus()
            #expect(counts[.running] == 120 && counts[.queued] == 0)
        }
    }
}
