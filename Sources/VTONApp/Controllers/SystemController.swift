import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/system/status`: what an operator checks first: the queue, the provider, what failed.
struct SystemController {
    let tasks: any TaskRepository
    let health: ProviderHealth
    let providerMode: String
    let models: ProviderModels
    static let recentFailureCount = 20

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("status", use: status)
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> SystemStatusDTO {
        let counts = try await tasks.countByStatus()
        let failures = try await tasks.recentFailures(limit: Self.recentFailureCount)
        let spend = try await tasks.spending()
        return SystemStatusDTO(
            provider: providerMode, defaultModel: models.defaultModel, models: models.available.map(\.id),
            providerProblems: health.quotaProblems.map {
                ProviderProblemDTO(
                    code: "PROVIDER_QUOTA", model: $0.model, message: ProviderHealth.billingAdvice, providerMessage: $0.message, since: $0.since)
            },
            spending: SpendingDTO(spend),
            tasksByStatus: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
            queueDepth: counts[.queued, default: 0], running: counts[.running, default: 0],
            recentFailures: failures.map(FailureDTO.init))
    }
}

struct SystemStatusDTO: Encodable {
    let provider: String
    let defaultModel: String
    let models: [String]
    let providerProblems: [ProviderProblemDTO]
    let spending: SpendingDTO
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

struct ProviderProblemDTO: Encodable {
    let code: String
    let model: String
    let message: String
    let providerMessage: String
    let since: Date
}

/// Finished tasks' money: what was charged at list price, and what the provider reported.
struct SpendingDTO: Encodable {
    let tasksCharged: Int
    let listPriceUsd: Double
    let providerCostUsd: Double
    let tasksWithProviderCost: Int

    init(_ spending: TaskSpending) {
        tasksCharged = spending.tasksCharged
        listPriceUsd = Money.usd(microUSD: spending.listPriceMicroUSD)
        providerCostUsd = Money.usd(microUSD: spending.providerCostMicroUSD)
        tasksWithProviderCost = spending.tasksWithProviderCost
    }
}
