import Foundation

/// Picks which queued tasks run next so that one user's thousand tasks do not starve another's
/// one: the next slot goes to the user with the fewest tasks running (counting those picked
/// here), the oldest waiting task first among equals; each user's tasks stay in their order.
public enum FairShare {
    public struct Candidate: Sendable, Equatable {
        public let taskID: UUID
        public let userID: UUID
        public let createdAt: Date

        public init(taskID: UUID, userID: UUID, createdAt: Date) {
            self.taskID = taskID
            self.userID = userID
            self.createdAt = createdAt
        }

        /// Older first; at the same time, the id that sorts first as text, as the queue's
        /// `ORDER BY created_at, id` does. A UUID's bytes sort as its hex digits do, so they
        /// are compared directly rather than formatted as text in every comparison of a long
        /// queue.
        func precedes(_ other: Candidate) -> Bool {
            if createdAt != other.createdAt { return createdAt < other.createdAt }
            return withUnsafeBytes(of: taskID.uuid) { mine in
                withUnsafeBytes(of: other.taskID.uuid) { theirs in mine.lexicographicallyPrecedes(theirs) }
            }
        }
    }

    /// `candidates` in any order; `running` the tasks each user has running now.
    public static func pick(_ candidates: [Candidate], running: [UUID: Int], limit: Int) -> [UUID] {
        var queues: [UUID: ArraySlice<Candidate>] = [:]
        for candidate in candidates.sorted(by: { $0.precedes($1) }) {
            queues[candidate.userID, default: []].append(candidate)
        }
        var load = running
        var picked: [UUID] = []
        while picked.count < limit {
            let next = queues.compactMap { user, queue in queue.first.map { (user, $0) } }
                .min { a, b in
                    let (loadA, loadB) = (load[a.0, default: 0], load[b.0, default: 0])
                    return loadA != loadB ? loadA < loadB : a.1.precedes(b.1)
                }
            guard let (user, candidate) = next else { break }
            picked.append(candidate.taskID)
            queues[user] = queues[user]?.dropFirst()
            if queues[user]?.isEmpty == true { queues[user] = nil }
            load[user, default: 0] += 1
        }
        return picked
    }
}
