import ServiceLifecycle

/// The contract's heartbeat (API.md §3) for every open socket at once, every `interval`; a
/// socket silent for longer than `idleTimeout` is closed instead.
struct HeartbeatService: Service {
    let sockets: LiveSockets
    let interval: Duration
    let idleTimeout: Duration

    func run() async throws {
        let heartbeat = WebSocketController.heartbeat
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                sockets.sweep(heartbeat: heartbeat, idleTimeout: idleTimeout)
            }
        }
    }
}
