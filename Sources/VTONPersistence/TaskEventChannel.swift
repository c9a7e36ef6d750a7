import FluentPostgresDriver
import Foundation
import Logging

/// One task event as PostgreSQL announced it (migration 031): its id and its owner.
public struct NotifiedEvent: Sendable, Equatable {
    public let id: Int
    public let userID: UUID

    public init(id: Int, userID: UUID) {
        self.id = id
        self.userID = userID
    }

    /// "id:user_id", the trigger's payload.
    init?(payload: String) {
        let parts = payload.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int(parts[0]), let userID = UUID(uuidString: String(parts[1])) else { return nil }
        self.init(id: id, userID: userID)
    }
}

/// A connection of its own, outside the pools, that listens for new task events: a pooled
/// connection would be handed back, and its LISTEN with it.
public struct TaskEventChannel: Sendable {
    /// The channel migration 031's trigger notifies.
    static let name = "vton_task_events"
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger

    /// `name` becomes the connection's `application_name`, so `pg_stat_activity` tells whose listener it is.
    public init(url: String, name: String, logger: Logger) throws {
        var configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        configuration.options.additionalStartupParameters.append(("application_name", name))
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects and listens, then runs `body` with what is announced, whose `next()` throws
    /// once the connection is lost. The connection is closed when `body` returns.
    public func listen<Value>(_ body: (AnnouncedEvents) async throws -> Value) async throws -> Value {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let value = try await connection.listen(on: Self.name) { notifications in
                let announced = AnnouncedEvents()
                return try await withThrowingTaskGroup(of: Void.self, returning: Value.self) { group in
                    group.addTask {
                        do {
                            for try await notification in notifications {
                                if let event = NotifiedEvent(payload: notification.payload) { announced.add(event) }
                            }
                            announced.end(Lost())
                        } catch {
                            announced.end(error)
                        }
                    }
                    defer { group.cancelAll() }
                    return try await body(announced)
                }
            }
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public struct Lost: Error, CustomStringConvertible {
        public var description: String { "the listening connection ended" }
    }
}
