/// What one `vton serve` process does when several share a database (`--role`, `VTON_ROLE`).
public enum ServerRole: String, Sendable, CaseIterable {
    /// Everything in one process: the single-machine install.
    case all
    /// HTTP and WebSocket only; the work is left to `worker` processes.
    case api
    /// The realtime worker, the economy pool, the batch poller, retention and webhook deliveries;
    /// over HTTP only health and metrics.
    case worker

    var servesAPI: Bool { self != .worker }
    var runsWork: Bool { self != .api }
}
