import Foundation
import Synchronization
import VTONDomain

/// New tasks are written in groups: the tasks created while one group's transaction is being
/// written wait and go into the next one together. A transaction per task cost four round
/// trips to the single SQLite writer each, and POSTs queued behind one another for it; a group
/// costs about as many for all of its tasks. A group starts as soon as the writer is free, so
/// a lone task waits for nobody.
final class TaskCreationQueue: Sendable {
    /// What became of one task of a group: a task its owner cannot pay for is refused alone.
    enum Outcome: Sendable {
        case created(TaskTransition)
        case refused(InsufficientCredits)
    }

    /// Writes one group in one transaction, answering an outcome per task, in order.
    typealias WriteGroup = @Sendable ([ImageTask]) async throws -> [Outcome]
    typealias Waiting = (task: ImageTask, reply: CheckedContinuation<TaskTransition, any Error>)

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let write: WriteGroup
    /// Bounds a transaction's size (and how long the writer is held) under a flood of POSTs.
    static let largestGroup = 256

    init(write: @escaping WriteGroup) { self.write = write }

    func create(_ task: ImageTask) async throws -> TaskTransition {
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
                    case .created(let transition): entry.reply.resume(returning: transition)
                    case .refused(let shortage): entry.reply.resume(throwing: shortage)
                    }
                }
            } catch {
                for entry in group { entry.reply.resume(throwing: error) }
            }
        }
    }
}
