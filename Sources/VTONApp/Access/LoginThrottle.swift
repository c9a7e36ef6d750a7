import Foundation
import VTONDomain

/// Slows and refuses password guessing, for logins and for password changes alike.
///
/// Each attempt is counted before its password is checked, so a burst of parallel guesses
/// cannot all pass a count that none of them has added to yet; a correct password takes its
/// attempt back. Hard limits are per client address (for one account, and over all accounts
/// with `addressFactor` times the allowance): refusing by account alone would let anyone lock
/// its owner out. An account under a storm from many addresses is slowed instead, so its owner
/// still gets in, a few seconds late. Usernames are counted case-folded, as they are unique.
actor LoginThrottle {
    struct Policy: Sendable {
        /// Failures within `window` after which one address is refused for one account.
        var maxFailures = 10
        var window: TimeInterval = 15 * 60
        var addressFactor = 3
        /// From half the allowance on, each attempt waits this much more per failure.
        var stepDelay: TimeInterval = 0.5
        var maxDelay: TimeInterval = 4
    }

    /// An attempt counted before its password was checked.
    struct Attempt: Sendable {
        fileprivate let keys: [String]
        fileprivate let at: Date
    }

    private struct Counter {
        let key: String
        let allowance: Int
        /// Refuses at its allowance; otherwise it only slows.
        let refuses: Bool
    }

    let policy: Policy
    private var attempts: [String: [Date]] = [:]
    private static let trackedKeysLimit = 100_000

    init(policy: Policy) { self.policy = policy }

    /// Counts an attempt and answers how long to wait before checking its password; throws
    /// 429 `TOO_MANY_LOGIN_ATTEMPTS` past a hard limit.
    func begin(username: String, address: String?, now: Date = Date()) throws -> (attempt: Attempt, delay: TimeInterval) {
        if attempts.count > Self.trackedKeysLimit {
            attempts = attempts.filter { $0.value.last.map { now.timeIntervalSince($0) < policy.window } ?? false }
        }
        let counters = counters(username: username, address: address)
        var delay: TimeInterval = 0
        for counter in counters {
            let recent = prune(counter.key, now: now)
            if counter.refuses, recent.count >= counter.allowance, let oldest = recent.first {
                let retryAfter = max(1, Int(oldest.addingTimeInterval(policy.window).timeIntervalSince(now).rounded(.up)))
                var refusal = APIError(.tooManyRequests, code: "TOO_MANY_LOGIN_ATTEMPTS", "too many failed attempts; try again in \(retryAfter) s")
                refusal.headers[.retryAfter] = String(retryAfter)
                throw refusal
            }
            let free = counter.allowance / 2
            if recent.count >= free { delay = max(delay, min(policy.maxDelay, policy.stepDelay * Double(recent.count - free + 1))) }
        }
        for counter in counters { attempts[counter.key, default: []].append(now) }
        return (Attempt(keys: counters.map(\.key), at: now), delay)
    }

    /// The password was right: the attempt is taken back, and the account's and this
    /// address's failures on it are forgiven. The address keeps its count over other accounts.
    func succeeded(_ attempt: Attempt) {
        for key in attempt.keys {
            if key.hasPrefix("addr:") {
                if let index = attempts[key]?.lastIndex(of: attempt.at) { attempts[key]?.remove(at: index) }
            } else {
                attempts[key] = nil
            }
        }
    }

    private func counters(username: String, address: String?) -> [Counter] {
        let name = username.lowercased()
        let client = address ?? "unknown"
        return [
            Counter(key: "pair:\(client) \(name)", allowance: policy.maxFailures, refuses: true),
            Counter(key: "addr:\(client)", allowance: policy.maxFailures * policy.addressFactor, refuses: true),
            Counter(key: "user:\(name)", allowance: policy.maxFailures, refuses: false),
        ]
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (attempts[key] ?? []).filter { now.timeIntervalSince($0) < policy.window }
        attempts[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
