import Foundation
import VTONDomain

/// Slows and then refuses logins after repeated failures, counted per username (whether or
/// not it exists, so the answer reveals nothing) and per client address (which may try many
/// names, so it gets `addressFactor` times the allowance).
actor LoginThrottle {
    struct Policy: Sendable {
        /// Failures within `window` after which attempts are refused.
        var maxFailures = 10
        var window: TimeInterval = 15 * 60
        var addressFactor = 3
        /// From half the allowance on, each attempt waits this much more per failure.
        var stepDelay: TimeInterval = 0.5
        var maxDelay: TimeInterval = 4
    }

    let policy: Policy
    private var failures: [String: [Date]] = [:]
    private static let trackedKeysLimit = 100_000

    init(policy: Policy) { self.policy = policy }

    /// How long to wait before checking this attempt's password; throws 429 when refused.
    func admit(username: String, address: String?, now: Date = Date()) throws -> TimeInterval {
        var worst: (count: Int, allowance: Int, oldest: Date)?
        for (key, allowance) in keys(username: username, address: address) {
            let recent = prune(key, now: now)
            guard let oldest = recent.first else { continue }
            let share = Double(recent.count) / Double(allowance)
            if worst == nil || share > Double(worst!.count) / Double(worst!.allowance) { worst = (recent.count, allowance, oldest) }
        }
        guard let worst else { return 0 }
        if worst.count >= worst.allowance {
            let retryAfter = max(1, Int(worst.oldest.addingTimeInterval(policy.window).timeIntervalSince(now).rounded(.up)))
            var refusal = APIError(.tooManyRequests, code: "TOO_MANY_LOGIN_ATTEMPTS", "too many failed logins; try again in \(retryAfter) s")
            refusal.headers[.retryAfter] = String(retryAfter)
            throw refusal
        }
        let free = worst.allowance / 2
        return worst.count < free ? 0 : min(policy.maxDelay, policy.stepDelay * Double(worst.count - free + 1))
    }

    func recordFailure(username: String, address: String?, now: Date = Date()) {
        if failures.count > Self.trackedKeysLimit {
            failures = failures.filter { $0.value.last.map { now.timeIntervalSince($0) < policy.window } ?? false }
        }
        for (key, _) in keys(username: username, address: address) { failures[key, default: []].append(now) }
    }

    /// A correct password clears that name's failures; the address keeps its count.
    func recordSuccess(username: String) {
        failures["user:" + username.lowercased()] = nil
    }

    private func keys(username: String, address: String?) -> [(String, Int)] {
        var keys = [("user:" + username.lowercased(), policy.maxFailures)]
        if let address { keys.append(("addr:" + address, policy.maxFailures * policy.addressFactor)) }
        return keys
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < policy.window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
