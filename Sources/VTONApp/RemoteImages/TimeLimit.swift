/// A time limit that does not wait for the work it limits: when time is up the caller gets nil
/// at once and the work is cancelled and left to wind down. A DNS lookup on the thread pool
/// cannot be interrupted, so a limit that waited for it would be only as short as the lookup.
enum TimeLimit {
    static func first<T: Sendable>(within seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
        let (outcomes, outcome) = AsyncStream.makeStream(of: T?.self)
        let worker = Task { outcome.yield(await work()) }
        let timer = Task {
            try await Task.sleep(for: .seconds(seconds))
            outcome.yield(nil)
        }
        defer {
            worker.cancel()
            timer.cancel()
            outcome.finish()
        }
        for await first in outcomes { return first }
        return nil
    }
}
