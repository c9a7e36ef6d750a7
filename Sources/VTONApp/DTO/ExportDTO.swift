import Foundation

/// `POST /api/v1/images/export` as sent: the tasks, or the batch, whose results to download.
struct ExportRequestDTO: Decodable {
    let taskIDs: [String]?
    let batchID: String?

    enum CodingKeys: String, CodingKey {
        case taskIDs = "task_ids"
        case batchID = "batch_id"
    }
}
