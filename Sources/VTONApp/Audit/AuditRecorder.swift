import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import VTONDomain
import VTONPersistence

/// Buffers audit entries and writes them in batches, so a mutating request does not wait for
/// its own audit row; a graceful shutdown writes what is left. A request only appends under a
/// lock: handing each entry to a task of the recorder cost every POST two task switches.
public final class AuditRecorder: Service, Sendable {
    let repository: any AuditRepository
    let flushInterval: Duration
    let logger: Logger
    private let pending = Mutex<[AuditEntry]>([])
    static let batchSize = 200
    /// While the database cannot take them, the oldest entries past this many are dropped.
    static let maxPending = 100_000

    init(repository: any AuditRepository, flushInterval: Duration, logger: Logger) {
        self.repository = repository
        self.flushInterval = flushInterval
        self.logger = logger
    }

    func record(_ entry: AuditEntry) {
        pending.withLock { entries in
            if entries.count >= Self.maxPending { entries.removeFirst(Self.maxPending / 10) }
            entries.append(entry)
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: self.flushInterval)) != nil {
                await self.write(self.takeAll())
            }
        }
        await write(takeAll())
    }

    private func takeAll() -> [AuditEntry] {
        pending.withLock { entries in
            defer { entries = [] }
            return entries
        }
    }

    private func write(_ entries: [AuditEntry]) async {
        var remaining = entries[...]
        while !remaining.isEmpty {
            let batch = Array(remaining.prefix(Self.batchSize))
            remaining = remaining.dropFirst(batch.count)
            do { try await repository.append(batch) } catch {
                logger.error("writing audit entries failed", metadata: ["count": "\(batch.count)", "error": "\(error)"])
            }
        }
    }
}
