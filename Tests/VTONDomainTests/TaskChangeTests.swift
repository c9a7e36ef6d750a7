import Foundation
import Testing

@testable import VTONDomain

struct TaskChangeTests {
    let queued = ImageTask(
        userID: UUID(), spec: try! GenerationSpec.validate(GenerationDraft(prompt: "p"), defaultModel: "gemini-3-pro-image"), referenceFileIDs: [])

    @Test func aChangeIsRefusedFromAnotherStateOrAgainstTheStateMachine() {
        #expect(queued.changed(from: [.running]) { $0.status = .succeeded } == nil)
        #expect(queued.changed(from: [.queued]) { $0.status = .succeeded } == nil, "queued cannot succeed without running")
        let canceled = queued.changed(from: [.queued, .running]) { $0.status = .canceled }
        #expect(canceled?.status == .canceled && canceled?.id == queued.id)
        #expect(queued.status == .queued)
    }

    @Test func aChangeThatKeepsTheStateIsAllowed() {
        let batchID = UUID()
        #expect(queued.changed(from: [.queued]) { $0.batchID = batchID }?.batchID == batchID)
    }

    @Test func aRequeuedTaskStartsAfreshButKeepsItsAttempts() throws {
        var running = try #require(
            queued.changed(from: [.queued]) { task in
                task.status = .running
                task.startedAt = Date()
                task.attempts = 2
            })
        running.requeue()
        #expect(running.status == .queued && running.startedAt == nil && running.attempts == 2)
    }

    @Test func anIdempotencyKeyAnswersForItsWindowAndNoLonger() {
        let created = queued.createdAt
        #expect(queued.answersIdempotencyKey(at: created.addingTimeInterval(ImageTask.idempotencyWindow)))
        #expect(!queued.answersIdempotencyKey(at: created.addingTimeInterval(ImageTask.idempotencyWindow + 1)))
    }
}
