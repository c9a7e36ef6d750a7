import Synchronization

/// How long this process's recent tasks took from a worker taking them to their end, for the
/// queue's estimates (`QueueEstimate`).
final class RunDurations: Sendable {
    private let recent = Mutex<[Double]>([])
    private let keep: Int
    /// Until a task has run: a 1K image's usual time at the provider.
    let initialGuessSeconds: Double

    init(keep: Int = 50, initialGuessSeconds: Double = 20) {
        self.keep = keep
        self.initialGuessSeconds = initialGuessSeconds
    }

    func record(_ duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        recent.withLock { recent in
            if recent.count == keep { recent.removeFirst() }
            recent.append(seconds)
        }
    }

    /// The mean of the recent runs.
    var typicalSeconds: Double {
        recent.withLock { $0.isEmpty ? initialGuessSeconds : $0.reduce(0, +) / Double($0.count) }
    }
}
