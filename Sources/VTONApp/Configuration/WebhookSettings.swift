import VTONDomain

/// How webhooks are delivered (README, configuration table).
public struct WebhookSettings: Sendable {
    /// `VTON_WEBHOOK_ALLOW_LOOPBACK`: webhooks may go to loopback receivers, by `http` too.
    /// For development, tests and benchmarks; refused when `VTON_ENV=production`.
    public var allowLoopback = false
    /// `VTON_WEBHOOK_RETRY_S`: seconds between attempts.
    public var schedule = WebhookRetrySchedule.standard
    /// `VTON_WEBHOOK_TIMEOUT_S`: the deadline of one delivery attempt, connection included.
    public var timeoutSeconds = 10.0
    /// How often the table is swept for ended tasks whose event was missed and for deliveries
    /// whose lease ran out; a finished task in this process is queued at once without it.
    public var sweepInterval: Duration = .seconds(10)
    /// Deliveries in flight at once.
    public var concurrency = 16
    /// The most of a receiver's answer that is read; the rest is not waited for.
    public static let maxReplyBytes = 16 * 1024

    public init() {}

    static func load(from value: (String) -> String?, environment: DeploymentEnvironment) throws(AppConfiguration.Invalid) -> WebhookSettings {
        var settings = WebhookSettings()
        if let raw = value("VTON_WEBHOOK_ALLOW_LOOPBACK") {
            guard let allowed = ["true": true, "1": true, "false": false, "0": false][raw.lowercased()] else {
                throw AppConfiguration.Invalid(setting: "VTON_WEBHOOK_ALLOW_LOOPBACK", problem: "must be true or false, got \"\(raw)\"")
            }
            guard !allowed || environment != .production else {
                throw AppConfiguration.Invalid(setting: "VTON_WEBHOOK_ALLOW_LOOPBACK", problem: "cannot be true when VTON_ENV=production")
            }
            settings.allowLoopback = allowed
        }
        if let raw = value("VTON_WEBHOOK_RETRY_S") {
            guard let schedule = WebhookRetrySchedule.parse(raw) else {
                throw AppConfiguration.Invalid(
                    setting: "VTON_WEBHOOK_RETRY_S", problem: "must be positive seconds separated by commas, got \"\(raw)\"")
            }
            settings.schedule = schedule
        }
        if let raw = value("VTON_WEBHOOK_TIMEOUT_S") {
            guard let seconds = Double(raw), seconds > 0, seconds <= 300 else {
                throw AppConfiguration.Invalid(setting: "VTON_WEBHOOK_TIMEOUT_S", problem: "must be seconds in (0, 300], got \"\(raw)\"")
            }
            settings.timeoutSeconds = seconds
        }
        return settings
    }
}
