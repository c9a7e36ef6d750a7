import Foundation
import Logging
import ServiceLifecycle
import VTONDomain
import VTONPersistence

/// Buffers audit entries and writes them in batches, so a mutating request does not wait for
/// its own audit row; a graceful shutdown writes what is left.
public final class AuditRecorder: Service {
    let repository: any AuditRepository
    let flushInterval: Duration
    let logger: Logger
    private let stream: AsyncStream<AuditEntry>
    private let continuation: AsyncStream<AuditEntry>.Continuation
    static let batchSize = 200

    init(repository: any AuditRepository, flushInterval: Duration, logger: Logger) {
        self.repository = repository
        self.flushInterval = flushInterval
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: AuditEntry.self, bufferingPolicy: .bufferingNewest(100_000))
    }

    func record(_ entry: AuditEntry) { continuation.yield(entry) }

    public func run() async throws {
        let pending = PendingEntries()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await entry in self.stream { await pending.append(entry) }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.flushInterval)
                        await self.write(await pending.takeAll())
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        await write(await pending.takeAll())
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

private actor PendingEntries {
    var entries: [AuditEntry] = []

    func append(_ entry: AuditEntry) { entries.append(entry) }

    func takeAll() -> [AuditEntry] {
        defer { entries = [] }
        return entries
    }
}
