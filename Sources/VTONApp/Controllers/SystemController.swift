import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/system/status`: what an operator checks first: the queue, the provider, what failed.
struct SystemController {
    let tasks: any TaskRepository
    let providerMode: String
    let defaultModel: String
    static let recentFailureCount = 20

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("status", use: status)
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> SystemStatusDTO {
        let counts = try await tasks.countByStatus()
        let failures = try await tasks.recentFailures(limit: Self.recentFailureCount)
        return SystemStatusDTO(
            provider: providerMode, defaultModel: defaultModel,
            tasksByStatus: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
            queueDepth: counts[.queued, default: 0], running: counts[.running, default: 0],
            recentFailures: failures.map(FailureDTO.init))
    }
}

struct SystemStatusDTO: Encodable {
    let provider: String
    let defaultModel: String
    let tasksByStatus: [String: Int]
    let queueDepth: Int
    let running: Int
    let recentFailures: [FailureDTO]
}

struct FailureDTO: Encodable {
    let taskId: UUID
    let userId: UUID
    let model: String
    let code: String?
    let message: String?
    let attempts: Int
    let finishedAt: Date?

    init(_ task: ImageTask) {
        taskId = task.id
        userId = task.userID
        model = task.model
        code = task.failure?.code.rawValue
        message = task.failure?.message
        attempts = task.attempts
        finishedAt = task.finishedAt
    }
}
