import Foundation
import VTONDomain

/// `{"type":"task_update",…}` pushed over the WebSocket (API.md §3).
struct TaskUpdateMessage: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case type, eventID = "event_id", taskID = "task_id", status, progress, result, error, finishedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(status, forKey: .status)
        try container.encode(progress, forKey: .progress)
        try container.encode(result, forKey: .result)
        try container.encode(error, forKey: .error)
        try container.encode(finishedAt, forKey: .finishedAt)
    }
}
