import Foundation

extension ImageTask {
    /// The `count` tasks of one request for several images: the same inputs, each its own
    /// provider call and price; the first keeps the idempotency key and names the group.
    public func variations(_ count: Int) -> [ImageTask] {
        guard count > 1 else { return [self] }
        return (0..<count).map { index in
            var variation = self
            if index > 0 {
                variation.id = .timeOrdered()
                variation.idempotencyKey = nil
            }
            variation.variationGroupID = id
            variation.variationIndex = index
            return variation
        }
    }
}
