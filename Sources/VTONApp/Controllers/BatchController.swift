import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/images/batch-generate` and `/api/v1/images/batch/{batch_name}/…` (API.md §2.5).
struct BatchController {
    let service: BatchService
    let batches: any BatchRepository
    let signer: URLSigner

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("batch-generate", use: create)
        // `batches/abc` pasted into the path unencoded is two segments; both forms are served.
        for prefix in ["batch", "batch/batches"] {
            group.get("\(prefix)/{batch_name}/status", use: status)
            group.get("\(prefix)/{batch_name}/results", use: results)
            group.post("\(prefix)/{batch_name}/cancel", use: cancel)
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<BatchCreatedDTO> {
        let caller = try context.requireIdentity()
        let body = try await request.decode(as: BatchRequestDTO.self, context: context)
        let (batch, tasks) = try await service.submit(body.draft, caller: caller)
        return EditedResponse(
            status: .created,
            response: BatchCreatedDTO(
                batchID: batch.id, batchName: batch.providerName, taskCount: batch.taskCount, taskIDs: tasks.map(\.id), status: "queued",
                estimatedCompletionHours: 24, createdAt: batch.createdAt))
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> BatchStatusDTO {
        let batch = try await find(context)
        return BatchStatusDTO(batch, tasks: try await batches.tasks(of: batch.id))
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> BatchResultsDTO {
        let batch = try await find(context)
        guard batch.phase == .succeeded else {
            throw APIError(
                .conflict, code: "BATCH_NOT_FINISHED", "the batch is \(batch.phase.rawValue); results are available once it is SUCCEEDED")
        }
        let tasks = try await batches.tasks(of: batch.id).sorted { ($0.batchIndex ?? 0) < ($1.batchIndex ?? 0) }
        return BatchResultsDTO(batchName: batch.providerName, status: "success", results: tasks.map { BatchResultDTO($0, signer: signer) })
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> BatchStatusDTO {
        let batch = try await service.cancel(reference: try name(context), owner: try context.requireIdentity().user)
        return BatchStatusDTO(batch, tasks: try await batches.tasks(of: batch.id))
    }

    private func find(_ context: AppRequestContext) async throws -> ImageBatch {
        guard let batch = try await batches.find(reference: try name(context), userID: try context.requireIdentity().user.id) else {
            throw APIError.notFound("batch")
        }
        return batch
    }

    /// Our id, `batches/abc` (URL-encoded) or `abc`.
    private func name(_ context: AppRequestContext) throws -> String {
        guard let raw = context.parameters.get("batch_name") else { throw APIError.notFound("batch") }
        return raw.removingPercentEncoding ?? raw
    }
}
