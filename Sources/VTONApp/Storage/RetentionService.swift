import Foundation
import Logging
import ServiceLifecycle
import VTONDomain
import VTONPersistence

/// Deletes uploads and results older than the configured lifetime (VTON_RETENTION_DAYS). A
/// result's task keeps its record and says `result.expired: true`; it is marked before its
/// files go, so a crash in between leaves files to delete next time, never an unmarked task.
struct RetentionService: Service {
    let files: any FileRepository
    let tasks: any TaskRepository
    let reclaimer: FileReclaimer
    let lifetimeSeconds: Double
    let logger: Logger
    static let pageSize = 500

    /// Often enough that nothing outlives its lifetime by more than a tenth, at most hourly.
    var interval: Duration { .milliseconds(Int(min(max(lifetimeSeconds / 10, 0.1), 3600) * 1000)) }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await sweep(now: Date()) } catch { logger.error("retention sweep failed", metadata: ["error": "\(error)"]) }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func sweep(now: Date) async throws {
        let cutoff = now.addingTimeInterval(-lifetimeSeconds)
        var deleted = 0
        while true {
            let expired = try await files.stored(before: cutoff, limit: Self.pageSize)
            try await tasks.expireResults(taskIDs: Array(Set(expired.compactMap(\.taskID))))
            try await reclaimer.delete(expired)
            deleted += expired.count
            if expired.count < Self.pageSize { break }
        }
        if deleted > 0 { logger.info("expired files deleted", metadata: ["count": "\(deleted)", "before": "\(cutoff)"]) }
    }
}
