import Prometheus
import VTONDomain

/// Prometheus metrics of one application instance, owned by it rather than by a global.
public final class AppMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let providerLatency: DurationHistogram
    let queueDepth: Gauge
    let openSockets: Gauge
    let eventListenerFailures: Counter

    // Made once, not per request. A descriptor is a few immutable strings; Prometheus just
    // does not declare it Sendable.
    nonisolated(unsafe) private static let httpRequests = name("http_requests", unit: "total", help: "HTTP requests by route, method and status")
    nonisolated(unsafe) private static let providerCalls = name("provider_calls", unit: "total", help: "Provider generateContent calls by outcome")
    nonisolated(unsafe) private static let tasks = name("tasks", help: "Tasks by status")
    nonisolated(unsafe) private static let providerCost = name(
        "provider_cost_microusd", unit: "total", help: "What the provider bills for answered calls (usageMetadata at list rates), by model")

    public init() {
        providerLatency = registry.makeDurationHistogram(
            descriptor: Self.name("provider_latency", unit: "seconds", help: "Duration of provider generateContent calls"),
            buckets: [
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
                .seconds(60), .seconds(120),
            ])
        queueDepth = registry.makeGauge(descriptor: Self.name("queue_depth", help: "Tasks waiting for a worker"))
        openSockets = registry.makeGauge(descriptor: Self.name("websockets_open", help: "WebSockets open on this instance"))
        eventListenerFailures = registry.makeCounter(
            descriptor: Self.name("event_listener_failures", unit: "total", help: "Lost or failed PostgreSQL connections listening for task events"))
    }

    func recordRequest(route: String, method: String, status: Int) {
        registry.makeCounter(descriptor: Self.httpRequests, labels: [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    func recordProviderCall(outcome: String) {
        registry.makeCounter(descriptor: Self.providerCalls, labels: [("outcome", outcome)]).increment()
    }

    func recordProviderCost(model: String, microUSD: Int) {
        registry.makeCounter(descriptor: Self.providerCost, labels: [("model", model)]).increment(by: Int64(microUSD))
    }

    func recordEventListenerFailure() { eventListenerFailures.increment() }

    func update(taskCounts: [TaskStatus: Int]) {
        for (status, count) in taskCounts {
            registry.makeGauge(descriptor: Self.tasks, labels: [("status", status.rawValue)]).set(Double(count))
        }
        queueDepth.set(Double(taskCounts[.queued] ?? 0))
    }

    /// `vton_<metric>[_<unit>]`.
    private static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "vton", metricName: metric, unitName: unit, helpText: help)
    }
}
