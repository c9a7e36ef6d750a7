import Foundation
import VTONDomain
import VTONPersistence

/// Prices new tasks and names the quota their owner submits under. The quota and the credit
/// hold are enforced where the tasks are written (`TaskRepository.create`, `BatchRepository.create`),
/// atomically with the write; `precheck` refuses early what could never be written, before a
/// provider batch is created for it. Superusers are neither limited nor charged.
struct TaskAdmission: Sendable {
    let tasks: any TaskRepository
    let users: any UserRepository
    let pricing: CreditPricing
    let defaultQuota: TaskQuota

    /// The caller's quota, nil for a superuser.
    func quota(of caller: Identity) -> TaskQuota? {
        caller.user.isSuperuser ? nil : TaskQuota.of(roles: caller.roles, defaults: defaultQuota)
    }

    /// Sets what each task holds: its price on the realtime path for realtime and economy tasks
    /// (an economy task may end up running realtime; the batch discount is given back when a
    /// batch delivers it), the batch price for batch prompts.
    func price(_ newTasks: inout [ImageTask], caller: Identity) {
        guard !caller.user.isSuperuser else { return }
        for index in newTasks.indices {
            let task = newTasks[index]
            let price = pricing.credits(model: task.model, size: task.resolution, batch: task.priority == .batch)
            newTasks[index].creditsHeld = price
            newTasks[index].creditState = price > 0 ? .reserved : .none
        }
    }

    /// Refuses a batch that its owner's quota or balance could not take now.
    func precheck(_ newTasks: [ImageTask], caller: Identity) async throws {
        guard let quota = quota(of: caller) else { return }
        if let refusal = quota.refusal(adding: newTasks.count, usage: try await tasks.submissionUsage(userID: caller.user.id), now: Date()) {
            throw refusal
        }
        let total = newTasks.reduce(0) { $0 + $1.creditsHeld }
        // The caller's balance may be a moment old (`RecentUsers`), so a refusal is confirmed against the stored one.
        guard total > caller.user.credits else { return }
        let available = try await users.stored(caller.user).credits
        if total > available { throw InsufficientCredits(needed: total, available: available) }
    }
}

extension APIError {
    static func insufficientCredits(_ shortage: InsufficientCredits) -> APIError {
        APIError(
            .init(code: 402, reasonPhrase: "Payment Required"), code: "INSUFFICIENT_CREDITS",
            "this needs \(shortage.needed) credits and \(shortage.available) are available; ask an administrator for more")
    }

    static func quotaExceeded(_ refusal: QuotaRefusal) -> APIError {
        var error = APIError(.tooManyRequests, code: "QUOTA_EXCEEDED", refusal.message)
        error.headers[.retryAfter] = String(refusal.retryAfterSeconds)
        return error
    }
}
