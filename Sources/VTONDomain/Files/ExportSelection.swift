import Foundation

/// What a ZIP export holds: chosen tasks of the caller's, or a whole batch of theirs.
public enum ExportSelection: Sendable, Equatable {
    case tasks([UUID])
    case batch(String)

    public static let maximumTasks = 500

    public static func validate(taskIDs: [String]?, batch: String?) throws(ValidationError) -> ExportSelection {
        switch (taskIDs, batch) {
        case (nil, let batch?):
            guard !batch.isEmpty else { throw ValidationError(field: "batch_id", "must name a batch") }
            return .batch(batch)
        case (let taskIDs?, nil):
            guard (1...maximumTasks).contains(taskIDs.count) else {
                throw ValidationError(field: "task_ids", "must list 1 to \(maximumTasks) tasks")
            }
            var ids: [UUID] = []
            for (index, text) in taskIDs.enumerated() {
                guard let id = UUID(uuidString: text) else { throw ValidationError(field: "task_ids[\(index)]", "\"\(text)\" is not a task id") }
                if !ids.contains(id) { ids.append(id) }
            }
            return .tasks(ids)
        default:
            throw ValidationError(field: "task_ids", "give either task_ids or batch_id")
        }
    }
}
