import ServiceLifecycle
import VTONPersistence

/// Closes the database pools once every service that uses them has stopped.
struct DatabaseLifecycle: Service {
    let connection: DatabaseConnection

    func run() async throws {
        try? await gracefulShutdown()
        await connection.shutdown()
    }
}
