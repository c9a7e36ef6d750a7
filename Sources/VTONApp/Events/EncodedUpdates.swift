import Synchronization
import VTONDomain

/// Every socket of a user receives every update, so one event is sent to many sockets;
/// it is encoded (and its file URLs signed) once, not once per socket.
final class EncodedUpdates: Sendable {
    private struct Cache {
        var texts: [Int: String] = [:]
        var order: [Int] = []
    }

    private let cache = Mutex(Cache())
    private let capacity: Int
    private let encode: @Sendable (TaskEvent) -> String

    init(capacity: Int = 4096, encode: @escaping @Sendable (TaskEvent) -> String) {
        self.capacity = capacity
        self.encode = encode
    }

    func text(for event: TaskEvent) -> String {
        if let cached = cache.withLock({ $0.texts[event.id] }) { return cached }
        let text = encode(event)
        cache.withLock { cache in
            guard cache.texts.updateValue(text, forKey: event.id) == nil else { return }
            cache.order.append(event.id)
            if cache.order.count > capacity {
                let dropped = cache.order.prefix(capacity / 4)
                for id in dropped { cache.texts[id] = nil }
                cache.order.removeFirst(dropped.count)
            }
        }
        return text
    }
}
