import Logging
import ServiceLifecycle
import VTONPersistence

/// The bus for the database: processes sharing a PostgreSQL hear of each other's events from
/// it; SQLite has one process, whose events never leave it.
func makeEventBus(
    _ database: DatabaseLocation, log: any TaskEventLog, metrics: AppMetrics, owner: String, logger: Logger
) throws -> (any EventBus, (any Service)?) {
    guard case .postgres(let url) = database else { return (InProcessEventBus(), nil) }
    let bus = PostgresEventBus(
        channel: try TaskEventChannel(url: url, name: "vton events \(owner)", logger: logger), log: log, metrics: metrics, logger: logger)
    return (bus, bus)
}
