import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/images…`: create, read, list, hide, cancel and retry tasks (API.md §2.1–2.4).
struct TaskController {
    let service: TaskService
    let tasks: any TaskRepository
    let files: any FileRepository
    let signer: URLSigner
    let queue: QueueEstimator

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("generate", use: generate)
        group.get(use: list)
        group.get("tasks", use: list)
        group.get("tasks/{task_id}", use: get)
        group.delete("tasks/{task_id}", use: hide)
        group.put("tasks/{task_id}/favourite") { request, context in try await setFavourite(true, request, context) }
        group.delete("tasks/{task_id}/favourite") { request, context in try await setFavourite(false, request, context) }
        group.post("tasks/{task_id}/cancel", use: cancel)
        group.post("tasks/{task_id}/retry", use: retry)
    }

    @Sendable func generate(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TaskCreatedDTO> {
        let caller = try context.requireIdentity()
        let body = try await request.decode(as: GenerateRequestDTO.self, context: context)
        let created = try await service.create(body.draft(idempotencyHeader: request.headers[.idempotencyKey]), caller: caller)
        let dto = TaskCreatedDTO(
            taskID: created.task.id, status: created.task.status.rawValue, createdAt: created.task.createdAt, taskIDs: created.taskIDs)
        return EditedResponse(status: created.isNew ? .created : .ok, response: dto)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> TaskDTO {
        let user = try context.requireIdentity().user
        guard let task = try await tasks.find(id: try taskID(context), userID: user.id) else { throw APIError.notFound("task") }
        return TaskDTO(task, signer: signer, queue: try await queue.estimate(for: task))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> TaskListDTO {
        let user = try context.requireIdentity().user
        let query = request.uri.queryParameters
        let limit = try QueryFields.integer(query.get("limit"), field: "limit", range: 1...100, default: 20)
        let offset = try QueryFields.integer(query.get("offset"), field: "offset", range: 0...Int(Int32.max), default: 0)
        var filter = TaskFilter()
        if let raw = query.get("status"), !raw.isEmpty {
            guard let parsed = TaskStatus(rawValue: raw) else {
                throw APIError.validation(
                    ValidationError(field: "status", "\"\(raw)\" is not one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: " "))"))
            }
            filter.status = parsed
        }
        filter.favouritesOnly = try QueryFields.boolean(query.get("favourite"), field: "favourite") ?? false
        if let raw = query.get("variation_group"), !raw.isEmpty { filter.variationGroupID = try QueryFields.uuid(raw, field: "variation_group") }
        do { filter.words = try TaskFilter.words(of: query.get("q") ?? "") } catch { throw APIError.validation(error) }
        if let raw = query.get("person"), !raw.isEmpty {
            filter.personFileIDs = try await copies(of: try QueryFields.uuid(raw, field: "person"), ownerID: user.id)
        }
        let page = try await tasks.list(userID: user.id, filter: filter, limit: limit, offset: offset)
        return TaskListDTO(tasks: page.tasks.map { TaskDTO($0, signer: signer) }, total: page.total)
    }

    @Sendable func hide(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.hide(id: try taskID(context), owner: try context.requireIdentity().user)
        return Response(status: .noContent)
    }

    @Sendable func setFavourite(_ favourite: Bool, _ request: Request, _ context: AppRequestContext) async throws -> TaskDTO {
        let user = try context.requireIdentity().user
        guard let task = try await tasks.setFavourite(id: try taskID(context), userID: user.id, favourite) else { throw APIError.notFound("task") }
        return TaskDTO(task, signer: signer)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> TaskDTO {
        TaskDTO(try await service.cancel(id: try taskID(context), owner: try context.requireIdentity().user), signer: signer)
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TaskCreatedDTO> {
        let task = try await service.retry(id: try taskID(context), caller: try context.requireIdentity())
        let dto = TaskCreatedDTO(taskID: task.id, status: task.status.rawValue, createdAt: task.createdAt, taskIDs: [task.id])
        return EditedResponse(status: .created, response: dto)
    }

    /// The caller's files with the bytes of this one: the same person photo uploaded again is the
    /// same person. Another user's file, or none, matches nothing.
    private func copies(of fileID: UUID, ownerID: UUID) async throws -> [UUID] {
        guard let file = try await files.find(id: fileID), file.ownerID == ownerID else { return [] }
        return try await files.ids(ownerID: ownerID, sha256: file.sha256, limit: TaskFilter.maximumPersonCopies)
    }

    private func taskID(_ context: AppRequestContext) throws -> UUID {
        guard let id = context.parameters.get("task_id").flatMap(UUID.init(uuidString:)) else { throw APIError.notFound("task") }
        return id
    }
}
