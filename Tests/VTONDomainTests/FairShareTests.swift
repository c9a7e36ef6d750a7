import Foundation
import Testing

@testable import VTONDomain

struct FairShareTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let alice = UUID()
    let bob = UUID()
    let carol = UUID()

    func candidate(_ user: UUID, at second: Double, id: UUID = UUID()) -> FairShare.Candidate {
        FairShare.Candidate(taskID: id, userID: user, createdAt: start.addingTimeInterval(second))
    }

    @Test func theUserWithFewestRunningGoesNextAndTheOlderTaskBreaksATie() {
        let a = [candidate(alice, at: 0), candidate(alice, at: 1), candidate(alice, at: 2)]
        let b = [candidate(bob, at: 5), candidate(bob, at: 6)]
        let c = [candidate(carol, at: 3)]
        // Carol runs two already; alice and bob alternate, alice first each time her task is older.
        let picked = FairShare.pick((a + b + c).shuffled(), running: [carol: 2], limit: 5)
        #expect(picked == [a[0].taskID, b[0].taskID, a[1].taskID, b[1].taskID, a[2].taskID])
        let all = FairShare.pick(a + b + c, running: [carol: 2], limit: 10)
        #expect(all.count == 6 && all.last == c[0].taskID)
    }

    @Test func oneUsersBacklogDoesNotStarveAnotherUsersLateTask() {
        let backlog = (0..<100).map { candidate(alice, at: Double($0)) }
        let late = candidate(bob, at: 1_000)
        #expect(FairShare.pick(backlog + [late], running: [:], limit: 2) == [backlog[0].taskID, late.taskID])
        #expect(FairShare.pick(backlog + [late], running: [alice: 3], limit: 1) == [late.taskID])
    }

    @Test func eachUsersTasksKeepTheirOrderWhateverTheInputOrder() {
        let mine = (0..<5).map { candidate(alice, at: Double($0)) }
        #expect(FairShare.pick(mine.reversed(), running: [:], limit: 5) == mine.map(\.taskID))
    }

    @Test func tasksOfTheSameInstantGoInTheOrderOfTheirIdsAsText() throws {
        let low = try #require(UUID(uuidString: "0000000A-0000-4000-8000-000000000000"))
        let high = try #require(UUID(uuidString: "F0000000-0000-4000-8000-000000000000"))
        let picked = FairShare.pick([candidate(bob, at: 0, id: high), candidate(alice, at: 0, id: low)], running: [:], limit: 2)
        #expect(picked == [low, high])
    }

    @Test func nothingIsPickedWithoutRoomOrCandidates() {
        #expect(FairShare.pick([candidate(alice, at: 0)], running: [:], limit: 0).isEmpty)
        #expect(FairShare.pick([], running: [alice: 1], limit: 5).isEmpty)
    }
}
