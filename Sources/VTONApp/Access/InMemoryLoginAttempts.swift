import Foundation
import VTONPersistence

/// Login attempts counted in this process's memory: enough when one process answers logins.
actor InMemoryLoginAttempts: LoginAttemptLog {
    private var attempts: [String: [(at: Date, id: UUID)]] = [:]
    private static let trackedKeysLimit = 100_000

    func record(_ id: UUID, keys: [String], at now: Date, since: Date, decide: @escaping @Sendable ([String: [Date]]) throws -> Void) throws {
        if attempts.count > Self.trackedKeysLimit { attempts = attempts.filter { ($0.value.last?.at ?? .distantPast) >= since } }
        var recent: [String: [Date]] = [:]
        for key in keys {
            let kept = (attempts[key] ?? []).filter { $0.at >= since }
            attempts[key] = kept.isEmpty ? nil : kept
            recent[key] = kept.map(\.at)
        }
        try decide(recent)
        for key in keys { attempts[key, default: []].append((now, id)) }
    }

    func forgive(_ id: UUID, undoing: [String], clearing: [String]) {
        for key in clearing { attempts[key] = nil }
        for key in undoing { attempts[key]?.removeAll { $0.id == id } }
    }
}
