import Synchronization

/// Wakes the worker the moment there is work, instead of it polling on a timer.
/// A notification with nobody waiting is remembered, so none is lost.
public final class WorkSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func notify() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns on the next notification, after `timeout` at the latest, or as soon as the
    /// waiting task is cancelled.
    func wait(timeout: Duration) async {
        await withTaskCancellationHandler {
            await waitForNotification(timeout: timeout)
        } onCancel: {
            notify()
        }
    }

    private func waitForNotification(timeout: Duration) async {
        let timer = Task {
            // Only a timer that ran out may wake the waiter: a cancelled one (the wait already
            // ended) that notified anyway would leave a stale notification behind, and the next
            // wait would return at once, spinning the caller's loop.
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self.notify()
        }
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
    }
}
