import Foundation
import VTONDomain

/// `{"type":"task_update",…}` pushed over the WebSocket (API.md §3).
struct TaskUpdateMessage: WireObject {
    let type = "task_update"
    let eventID: Int?
    let taskID: UUID
    let status: String
    let progress: Int
    let result: ResultDTO?
    let error: TaskErrorDTO?
    let finishedAt: Date?

    init(_ event: TaskEvent, signer: URLSigner) {
        eventID = event.id
        taskID = event.taskID
        status = event.status.rawValue
        progress = event.status.progress
        result = event.result.map { ResultDTO($0, signer: signer) }
        error = event.failure.map(TaskErrorDTO.init)
        finishedAt = event.finishedAt
    }

    /// The current state, sent after `subscribe`; it is not an event of the log.
    init(_ task: ImageTask, signer: URLSigner) {
        eventID = nil
        taskID = task.id
        status = task.status.rawValue
        progress = task.status.progress
        result = task.result.map { ResultDTO($0, signer: signer) }
        error = task.failure.map(TaskErrorDTO.init)
        finishedAt = task.finishedAt
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("type", type)
        try fields.write("event_id", eventID)
        try fields.write("task_id", taskID)
        try fields.write("status", status)
        try fields.write("progress", progress)
        try fields.write("result", result)
        try fields.write("error", error)
        try fields.write("finished_at", finishedAt)
    }
}
