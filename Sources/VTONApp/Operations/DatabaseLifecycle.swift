import ServiceLifecycle
import VTONPersistence

/// Closes the database pools once every service that uses them has stopped.
struct DatabaseLifecycle: Service {
    let connection: DatabaseConnection

    func run() async throws {
        try? await gracefulShutdown()
        // When another service fails (the port is taken, say) this task is cancelled; the
        // pools must still close, in a task the cancellation does not reach.
        await Task { await connection.shutdown() }.value
    }
}
