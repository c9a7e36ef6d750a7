import Prometheus
import VTONDomain

/// Prometheus metrics of one application instance, owned by it rather than by a global.
public final class AppMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let providerLatency: DurationHistogram
    let queueDepth: Gauge

    public init() {
        providerLatency = registry.makeDurationHistogram(
            name: "vton_provider_latency_seconds",
            buckets: [
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
                .seconds(60), .seconds(120),
            ],
            help: "Duration of provider generateContent calls")
        queueDepth = registry.makeGauge(name: "vton_queue_depth", help: "Tasks waiting for a worker")
    }

    func recordRequest(route: String, method: String, status: Int) {
        registry.makeCounter(name: "vton_http_requests_total", labels: [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    func recordProviderCall(outcome: String) {
        registry.makeCounter(name: "vton_provider_calls_total", labels: [("outcome", outcome)]).increment()
    }

    func update(taskCounts: [TaskStatus: Int]) {
        for (status, count) in taskCounts {
            registry.makeGauge(name: "vton_tasks", labels: [("status", status.rawValue)]).set(Double(count))
        }
        queueDepth.set(Double(taskCounts[.queued] ?? 0))
    }
}
