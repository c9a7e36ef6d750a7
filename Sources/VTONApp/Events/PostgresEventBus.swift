import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import VTONDomain
import VTONPersistence

/// The event bus of several processes on one PostgreSQL. What this process publishes reaches
/// its subscribers at once; every process hears of every event from the database (a LISTEN
/// on a connection of its own), reads the rows its subscribers want and delivers what it has
/// not delivered yet, in id order. After a lost connection it reconnects and reads what was
/// committed meanwhile, so sockets here miss nothing written by the other processes.
final class PostgresEventBus: EventBus, Service {
    private let local = InProcessEventBus()
    private let seen = Mutex(SeenEvents())
    private let channel: TaskEventChannel
    private let log: any TaskEventLog
    private let metrics: AppMetrics
    private let logger: Logger
    /// Rows read in one query, by id or in a catch-up.
    static let readBatch = 500

    init(channel: TaskEventChannel, log: any TaskEventLog, metrics: AppMetrics, logger: Logger) {
        self.channel = channel
        self.log = log
        self.metrics = metrics
        self.logger = logger
    }

    func publish(_ event: TaskEvent) {
        guard seen.withLock({ $0.insert(event.id) }) else { return }
        local.publish(event)
    }

    func subscribe(userID: UUID, deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID {
        local.subscribe(userID: userID, deliver: deliver)
    }

    func unsubscribe(userID: UUID, subscription: UUID) {
        local.unsubscribe(userID: userID, subscription: subscription)
    }

    func subscribeAll(deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID {
        local.subscribeAll(deliver: deliver)
    }

    func unsubscribeAll(subscription: UUID) {
        local.unsubscribeAll(subscription: subscription)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                do {
                    // Before the first LISTEN: what is older is not news, what commits from
                    // here on is read by the catch-up or announced.
                    if !self.seen.withLock({ $0.started }) {
                        let latest = try await self.log.latestEventID()
                        self.seen.withLock { $0.start(after: latest) }
                    }
                    try await self.channel.listen { announced in
                        let caughtUp = try await self.catchUp()
                        if failures > 0 { self.logger.notice("listening for task events again", metadata: ["caught_up": "\(caughtUp)"]) }
                        failures = 0
                        while true { try await self.deliver(announced: try await announced.next()) }
                    }
                } catch {
                    if Task.isCancelled { return }
                    failures += 1
                    self.metrics.recordEventListenerFailure()
                    self.logger.warning(
                        "listening for task events failed; reconnecting",
                        metadata: ["error": "\(String(reflecting: error))", "failures": "\(failures)"])
                    try? await Task.sleep(for: .milliseconds(min(100 << min(failures - 1, 6), 5_000)))
                }
            }
        }
    }

    /// Delivers what was committed since the listener last heard, counting those delivered.
    private func catchUp() async throws -> Int {
        var after = seen.withLock { $0.catchUpAfter }
        var delivered = 0
        while true {
            let events = try await log.events(after: after, limit: Self.readBatch)
            delivered += deliver(events)
            guard let last = events.last else { return delivered }
            seen.withLock { $0.listened(through: last.id) }
            if events.count < Self.readBatch { return delivered }
            after = last.id
        }
    }

    private func deliver(announced: [NotifiedEvent]) async throws {
        let ids = seen.withLock { $0.toRead(announced, wanted: local.wants) }
        for start in stride(from: 0, to: ids.count, by: Self.readBatch) {
            deliver(try await log.events(ids: Array(ids[start..<min(start + Self.readBatch, ids.count)])))
        }
        if let highest = announced.map(\.id).max() { seen.withLock { $0.listened(through: highest) } }
    }

    @discardableResult
    private func deliver(_ events: [TaskEvent]) -> Int {
        let fresh = seen.withLock { $0.toDeliver(events, wanted: local.wants) }
        for event in fresh { local.publish(event) }
        return fresh.count
    }
}
