import FluentKit
import Foundation
import VTONDomain

final class TaskEventModel: Model, @unchecked Sendable {
    static let schema = "task_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "status") var status: String
    @OptionalField(key: "result_json") var resultJSON: String?
    @OptionalField(key: "error_code") var errorCode: String?
    @OptionalField(key: "error_message") var errorMessage: String?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var domain: TaskEvent {
        TaskEvent(
            id: id!, taskID: taskID, userID: userID, status: TaskStatus(rawValue: status) ?? .failed,
            result: resultJSON.flatMap { try? JSONDecoder().decode(TaskResult.self, from: Data($0.utf8)) },
            failure: errorCode.map { TaskFailure(TaskErrorCode(rawValue: $0) ?? .internal, errorMessage ?? "") },
            finishedAt: finishedAt, createdAt: createdAt)
    }
}
