import Foundation
import VTONDomain
import VTONPersistence

/// What the system page, retention and file deletion read of the in-memory tasks.
extension InMemoryTaskRepository {
    func recentFailures(limit: Int) async throws -> [ImageTask] {
        database.read { rows in
            Array(
                rows.tasks.values.map(\.task).filter { $0.status == .failed }.sorted {
                    ($0.finishedAt ?? .distantPast) > ($1.finishedAt ?? .distantPast)
                }.prefix(limit))
        }
    }

    func expireResults(taskIDs: [UUID]) async throws {
        try database.write { rows in
            for id in taskIDs where rows.tasks[id]?.task.result != nil && rows.tasks[id]?.task.result?.expired != true {
                rows.tasks[id]?.task.result?.expired = true
            }
        }
    }

    func referencesFile(_ fileID: UUID, excludingTask taskID: UUID) async throws -> Bool {
        database.read { rows in
            rows.tasks.values.contains { $0.isVisible && $0.task.id != taskID && $0.task.referenceFileIDs.contains(fileID) }
        }
    }

    func countByStatus() async throws -> [TaskStatus: Int] {
        database.read { rows in
            var counts = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0, 0) })
            for row in rows.tasks.values { counts[row.task.status, default: 0] += 1 }
            return counts
        }
    }

    func spending() async throws -> TaskSpending {
        database.read { rows in
            let tasks = rows.tasks.values.map(\.task)
            let costed = tasks.compactMap(\.providerCharge)
            return TaskSpending(
                tasksCharged: tasks.filter { $0.costMicroUSD > 0 }.count, listPriceMicroUSD: tasks.reduce(0) { $0 + $1.costMicroUSD },
                providerCostMicroUSD: costed.reduce(0) { $0 + $1.costMicroUSD }, tasksWithProviderCost: costed.count)
        }
    }
}
