import Synchronization

/// Results of a pure but costly computation, kept by key across requests and threads. Bounded
/// by starting over when full: what is still wanted is computed again at once.
final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Value]>([:])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func value(for key: Key) -> Value? { values.withLock { $0[key] } }

    func remember(_ value: Value, for key: Key) {
        values.withLock { values in
            if values.count >= limit { values.removeAll(keepingCapacity: true) }
            values[key] = value
        }
    }

    func value(for key: Key, orMake make: () -> Value) -> Value {
        if let known = value(for: key) { return known }
        let made = make()
        remember(made, for: key)
        return made
    }
}
