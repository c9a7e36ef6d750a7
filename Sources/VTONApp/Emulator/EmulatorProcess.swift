import Foundation
import Logging
import ServiceLifecycle

/// The embedded emulator as a child process of `serve`. Its drawing goes through pango, which
/// in Debian 12's libvips can still crash under load (libvips#3660); in its own process such a
/// crash costs a few retried calls, never the server. It is restarted whenever it exits.
struct EmulatorProcess: Service {
    let executable: String
    let arguments: [String]
    /// Held while the child runs and across its restarts.
    let port: LoopbackPortReservation
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            // Waiting with `terminationHandler`: `waitUntilExit()` spins a run loop on Linux,
            // which kept a whole core busy for as long as the emulator lived.
            let exit = try await withGracefulShutdownHandler {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Int32, any Error>) in
                        process.terminationHandler = { finished.resume(returning: $0.terminationStatus) }
                        do { try process.run() } catch {
                            logger.error("the emulator could not be started", metadata: ["error": "\(error)"])
                            finished.resume(throwing: error)
                        }
                    }
                } onCancel: {
                    process.terminate()
                }
            } onGracefulShutdown: {
                process.terminate()
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            logger.error("the emulator exited; restarting it", metadata: ["status": "\(exit)"])
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
