import Foundation
import Synchronization
import VTONDomain

/// New tasks are written in groups: the tasks created while one group's transaction is being
/// written wait and go into the next one together. A transaction per task cost four round
/// trips to the single SQLite writer each, and POSTs queued behind one another for it; a group
/// costs about as many for all of its tasks. A group starts as soon as the writer is free, so
/// a lone task waits for nobody.
final class TaskCreationQueue: Sendable {
    /// What became of one task of a group: a task its owner cannot pay for, or that breaks a
    /// quota, is refused alone (with `InsufficientCredits` or `QuotaRefusal`).
    enum Outcome: Sendable {
        case created(TaskTransition)
        case existing(ImageTask)
        case refused(any Error)
    }

    /// Writes one group in one transaction, answering an outcome per task, in order.
    typealias WriteGroup = @Sendable ([NewTask]) async throws -> [Outcome]
    typealias Waiting = (task: NewTask, reply: CheckedContinuation<TaskCreation, any Error>)

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let write: WriteGroup
    /// Bounds a transaction's size (and how long the writer is held) under a flood of POSTs.
    static let largestGroup = 256

    init(write: @escaping WriteGroup) { self.write = write }

    func create(_ task: NewTask) async throws -> TaskCreation {
        try await withCheckedThrowingContinuation { reply in
            let startWriter = state.withLock { state in
                state.waiting.append((task, reply))
                defer { state.writing = true }
                return !state.writing
            }
            if startWriter { Task { await writeWhileWaiting() } }
        }
    }

    private func writeWhileWaiting() async {
        while true {
            let group = state.withLock { state in
                let group = Array(state.waiting.prefix(Self.largestGroup))
                state.waiting.removeFirst(group.count)
                if group.isEmpty { state.writing = false }
                return group
            }
            if group.isEmpty { return }
            do {
                let outcomes = try await write(group.map(\.task))
                for (entry, outcome) in zip(group, outcomes) {
                    switch outcome {
                    case .created(let transition): entry.reply.resume(returning: .created(transition))
                    case .existing(let task): entry.reply.resume(returning: .existing(task))
                    case .refused(let reason): entry.reply.resume(throwing: reason)
                    }
                }
            } catch {
                for entry in group { entry.reply.resume(throwing: error) }
            }
        }
    }
}
