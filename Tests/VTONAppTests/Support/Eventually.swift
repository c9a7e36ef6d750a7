/// Waits for what a server does in the background: asks `check` until it answers a value, or
/// answers nil once `deadline` has passed. A deadline, not a count of tries, bounds the wait, so
/// slow requests on a busy machine do not shorten it, and a quick answer ends it at once.
func eventually<T>(
    within deadline: Duration = .seconds(10), every interval: Duration = .milliseconds(50), _ check: () async throws -> T?
) async throws -> T? {
    let end = ContinuousClock.now + deadline
    while true {
        if let value = try await check() { return value }
        guard ContinuousClock.now < end else { return nil }
        try await Task.sleep(for: interval)
    }
}
