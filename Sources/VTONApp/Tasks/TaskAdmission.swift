import Foundation
import VTONDomain
import VTONPersistence

/// Decides whether a caller may submit tasks now, and what each will hold of their credits:
/// the role quotas (per minute and in flight) give 429 with `Retry-After`, a short balance 402.
/// Superusers are neither limited nor charged.
struct TaskAdmission: Sendable {
    let tasks: any TaskRepository
    let users: any UserRepository
    let pricing: CreditPricing
    let defaultQuota: TaskQuota

    func admit(_ newTasks: inout [ImageTask], caller: Identity) async throws {
        guard !caller.user.isSuperuser else { return }
        let now = Date()
        let quota = TaskQuota.of(roles: caller.roles, defaults: defaultQuota)
        let submitted = try await tasks.submissions(userID: caller.user.id, since: now.addingTimeInterval(-60))
        let inFlight = try await tasks.inFlight(userID: caller.user.id)
        if let refusal = quota.refusal(
            adding: newTasks.count, submittedLastMinute: submitted.count, oldestInWindow: submitted.oldest, inFlightNow: inFlight, now: now)
        {
            var error = APIError(.tooManyRequests, code: "QUOTA_EXCEEDED", refusal.message)
            error.headers[.retryAfter] = String(refusal.retryAfterSeconds)
            throw error
        }
        var total = 0
        for index in newTasks.indices {
            let task = newTasks[index]
            let price = pricing.credits(model: task.model, size: task.resolution, priority: task.priority)
            newTasks[index].creditsHeld = price
            newTasks[index].creditState = price > 0 ? .reserved : .none
            total += price
        }
        // The hold written with the tasks is what counts; this early check spares a provider
        // call for a batch that could never be paid for. The caller's balance may be a moment
        // old (`RecentUsers`), so a refusal is confirmed against the stored one.
        guard total > caller.user.credits else { return }
        let available = try await users.stored(caller.user).credits
        if total > available { throw APIError.insufficientCredits(InsufficientCredits(needed: total, available: available)) }
    }
}

extension APIError {
    static func insufficientCredits(_ shortage: InsufficientCredits) -> APIError {
        APIError(
            .init(code: 402, reasonPhrase: "Payment Required"), code: "INSUFFICIENT_CREDITS",
            "this needs \(shortage.needed) credits and \(shortage.available) are available; ask an administrator for more")
    }
}
