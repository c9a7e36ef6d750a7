import FluentKit
import Foundation
import VTONDomain

extension FluentTaskRepository {
    public func expireResults(taskIDs: [UUID]) async throws {
        guard !taskIDs.isEmpty else { return }
        let database = try connection.database
        for row in try await TaskModel.query(on: database).filter(\.$id ~~ taskIDs).all() {
            var task = row.domain
            guard task.result != nil, task.result?.expired != true else { continue }
            task.result?.expired = true
            try await TaskModel.update(task, on: database)
        }
    }

    public func referencesFile(_ fileID: UUID, excludingTask taskID: UUID) async throws -> Bool {
        // reference_file_ids is the ids' uuidString joined with commas.
        try await TaskModel.query(on: connection.database).filter(\.$deletedAt == nil).filter(\.$id != taskID)
            .filter(\.$referenceFileIDs ~~ fileID.uuidString).count() > 0
    }
}
