import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// Slows and refuses password guessing, for logins and for password changes alike.
///
/// Each attempt is counted before its password is checked, so a burst of parallel guesses
/// cannot all pass a count that none of them has added to yet; a correct password takes its
/// attempt back. Hard limits are per client address (for one account, and over all accounts
/// with `addressFactor` times the allowance): refusing by account alone would let anyone lock
/// its owner out. An account under a storm from many addresses is slowed instead, so its owner
/// still gets in, a few seconds late. Usernames are counted case-folded, as they are unique.
/// The counts live in `attempts`: this process's memory, or the database that several share.
struct LoginThrottle: Sendable {
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
        fileprivate let id: UUID
        fileprivate let counters: [Counter]
    }

    fileprivate struct Counter: Sendable {
        let key: String
        let allowance: Int
        /// Refuses at its allowance; otherwise it only slows.
        let refuses: Bool
        /// A right password clears its count (the account's, the pair's); an address keeps its
        /// count over other accounts and only loses this attempt.
        let clearedBySuccess: Bool
    }

    let policy: Policy
    let attempts: any LoginAttemptLog

    init(policy: Policy, attempts: any LoginAttemptLog = InMemoryLoginAttempts()) {
        self.policy = policy
        self.attempts = attempts
    }

    /// Counts an attempt and answers how long to wait before checking its password; throws
    /// 429 `TOO_MANY_LOGIN_ATTEMPTS` past a hard limit.
    func begin(username: String, address: String?, now: Date = Date()) async throws -> (attempt: Attempt, delay: TimeInterval) {
        let counters = counters(username: username, address: address)
        let attempt = Attempt(id: UUID(), counters: counters)
        let delay = Mutex<TimeInterval>(0)
        try await attempts.record(attempt.id, keys: counters.map(\.key), at: now, since: now.addingTimeInterval(-policy.window)) { recent in
            let wait = try Self.delay(for: counters, recent: recent, policy: policy, now: now)
            delay.withLock { $0 = wait }
        }
        return (attempt, delay.withLock { $0 })
    }

    /// The password was right: the attempt is taken back, and the account's and this
    /// address's failures on it are forgiven. The address keeps its count over other accounts.
    func succeeded(_ attempt: Attempt) async throws {
        try await attempts.forgive(
            attempt.id, undoing: attempt.counters.filter { !$0.clearedBySuccess }.map(\.key),
            clearing: attempt.counters.filter(\.clearedBySuccess).map(\.key))
    }

    private static func delay(for counters: [Counter], recent: [String: [Date]], policy: Policy, now: Date) throws -> TimeInterval {
        var delay: TimeInterval = 0
        for counter in counters {
            let times = recent[counter.key] ?? []
            if counter.refuses, times.count >= counter.allowance, let oldest = times.first {
                let retryAfter = max(1, Int(oldest.addingTimeInterval(policy.window).timeIntervalSince(now).rounded(.up)))
                var refusal = APIError(.tooManyRequests, code: "TOO_MANY_LOGIN_ATTEMPTS", "too many failed attempts; try again in \(retryAfter) s")
                refusal.headers[.retryAfter] = String(retryAfter)
                throw refusal
            }
            let free = counter.allowance / 2
            if times.count >= free { delay = max(delay, min(policy.maxDelay, policy.stepDelay * Double(times.count - free + 1))) }
        }
        return delay
    }

    private func counters(username: String, address: String?) -> [Counter] {
        let name = username.lowercased()
        let client = address ?? "unknown"
        return [
            Counter(key: "pair:\(client) \(name)", allowance: policy.maxFailures, refuses: true, clearedBySuccess: true),
            Counter(key: "addr:\(client)", allowance: policy.maxFailures * policy.addressFactor, refuses: true, clearedBySuccess: false),
            Counter(key: "user:\(name)", allowance: policy.maxFailures, refuses: false, clearedBySuccess: true),
        ]
    }
}
