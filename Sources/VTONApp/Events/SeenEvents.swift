import Foundation
import VTONDomain
import VTONPersistence

/// The task events a process has dealt with: handed to its subscribers, or passed over because
/// none of them wanted it. An event reaches a process by its own publish, by the database's
/// notification and again in a catch-up; this lets it through once. Ids more than `span` below
/// the highest one the listener has dealt with count as seen, which bounds the memory.
struct SeenEvents {
    /// How far below the listener's highest id a catch-up starts: a transaction may commit after
    /// others that took later ids, and its events are announced after theirs.
    let margin: Int
    let span: Int
    private var ids: Set<Int> = []
    /// Ids up to here count as seen.
    private(set) var floor = 0
    /// The highest id that came through the listener (notified, or read in a catch-up).
    private(set) var listened = 0
    private(set) var started = false

    init(margin: Int = 5_000) {
        self.margin = margin
        span = margin * 4
    }

    func contains(_ id: Int) -> Bool { id <= floor || ids.contains(id) }

    /// True the first time `id` is seen.
    mutating func insert(_ id: Int) -> Bool {
        guard !contains(id) else { return false }
        ids.insert(id)
        return true
    }

    /// The first connection: what was written before it is old news (a socket opened since asks
    /// for it with `resume`), so it is neither delivered nor caught up later.
    mutating func start(after latest: Int) {
        started = true
        floor = max(floor, latest)
        listened = max(listened, latest)
    }

    /// Where a catch-up after a lost connection reads from.
    var catchUpAfter: Int { max(floor, listened - margin) }

    /// Of the announced `events`, the ids to read for delivery (in order), the others (seen
    /// already, or of users with nobody listening here) noted as seen.
    mutating func toRead(_ events: [NotifiedEvent], wanted: (UUID) -> Bool) -> [Int] {
        var read: [Int] = []
        for event in events where !contains(event.id) {
            if wanted(event.userID) { read.append(event.id) } else { ids.insert(event.id) }
        }
        return read.sorted()
    }

    /// Of the `events` read, those to deliver, in id order, noted as seen with the ones nobody here wants.
    mutating func toDeliver(_ events: [TaskEvent], wanted: (UUID) -> Bool) -> [TaskEvent] {
        events.sorted { $0.id < $1.id }.filter { insert($0.id) && wanted($0.userID) }
    }

    /// The listener has dealt with everything up to `id` that it was told of; older ids leave memory.
    mutating func listened(through id: Int) {
        listened = max(listened, id)
        let newFloor = listened - span
        // In steps, so the set is filtered once per quarter span rather than per event.
        guard newFloor > floor + span / 4 else { return }
        floor = newFloor
        ids = ids.filter { $0 > newFloor }
    }
}
