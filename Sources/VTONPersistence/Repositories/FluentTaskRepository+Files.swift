import FluentKit
import Foundation
import SQLKit
import VTONDomain

extension FluentTaskRepository {
    public func expireResults(taskIDs: [UUID]) async throws {
        guard !taskIDs.isEmpty else { return }
        let database = try connection.database
        let rows = try await (database as! any SQLDatabase).select().column("*").from(TaskColumns.table).where("id", .in, taskIDs).all()
        for row in rows {
            var task = try TaskColumns.task(from: row)
            guard task.result != nil, task.result?.expired != true else { continue }
            task.result?.expired = true
            try await TaskColumns.update(task, on: database)
        }
    }

    public func referencesFile(_ fileID: UUID, excludingTask taskID: UUID) async throws -> Bool {
        // reference_file_ids is the ids' uuidString joined with commas.
        try await !connection.read(
            """
            SELECT id FROM tasks WHERE deleted_at IS NULL AND id <> \(bind: taskID)
            AND reference_file_ids LIKE \(bind: "%" + fileID.uuidString + "%") LIMIT 1
            """
        ).isEmpty
    }
}
