import Foundation
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// How a process decides which task events to deliver when it hears of them more than once.
struct SeenEventsTests {
    let ann = UUID()
    let bob = UUID()

    func event(_ id: Int, _ user: UUID) -> TaskEvent {
        TaskEvent(id: id, taskID: UUID(), userID: user, status: .queued, result: nil, failure: nil, finishedAt: nil, createdAt: Date())
    }

    @Test func anEventIsDeliveredOnceWhicheverWayItArrivesFirst() {
        var seen = SeenEvents(margin: 10)
        seen.start(after: 0)
        let published = seen.insert(1)
        // The notification of an event published here needs no read.
        let toRead = seen.toRead([NotifiedEvent(id: 1, userID: ann), NotifiedEvent(id: 2, userID: ann)], wanted: { _ in true })
        let delivered = seen.toDeliver([event(2, ann)], wanted: { _ in true }).map(\.id)
        // Published here after the listener delivered it, or read again in a catch-up: not again.
        let publishedAgain = seen.insert(2)
        let caughtUp = seen.toDeliver([event(1, ann), event(2, ann)], wanted: { _ in true })
        #expect(published)
        #expect(toRead == [2])
        #expect(delivered == [2])
        #expect(!publishedAgain)
        #expect(caughtUp.isEmpty)
    }

    @Test func readEventsAreDeliveredInIdOrderAndOnlyToUsersWithListeners() {
        var seen = SeenEvents(margin: 10)
        seen.start(after: 0)
        let announced = [5, 3, 4, 6].map { NotifiedEvent(id: $0, userID: $0 == 6 ? bob : ann) }
        let toRead = seen.toRead(announced, wanted: { $0 == ann })
        let delivered = seen.toDeliver([event(5, ann), event(3, ann), event(4, ann)], wanted: { $0 == ann }).map(\.id)
        // Bob's event was passed over; a catch-up does not hand it to a socket he opens later.
        let later = seen.toDeliver([event(6, bob)], wanted: { _ in true })
        #expect(toRead == [3, 4, 5])
        #expect(delivered == [3, 4, 5])
        #expect(later.isEmpty)
    }

    @Test func aCatchUpStartsAMarginBelowWhatTheListenerHeard() {
        var seen = SeenEvents(margin: 10)
        seen.start(after: 100)
        #expect(seen.catchUpAfter == 100)
        // Older than the first connection: never delivered, even when announced late.
        let late = seen.toRead([NotifiedEvent(id: 99, userID: ann)], wanted: { _ in true })
        #expect(late.isEmpty)
        seen.listened(through: 150)
        #expect(seen.catchUpAfter == 140)
        // Published here while the connection was down: it does not move the catch-up on.
        let published = seen.insert(400)
        #expect(published)
        #expect(seen.catchUpAfter == 140)
        let caughtUp = seen.toDeliver((141...401).map { event($0, ann) }, wanted: { _ in true }).map(\.id)
        #expect(caughtUp == Array(141...399) + [401])
    }

    @Test func memoryIsBoundedBelowTheListenersHighestId() {
        var seen = SeenEvents(margin: 10)
        seen.start(after: 0)
        for id in 1...1_000 { _ = seen.insert(id) }
        seen.listened(through: 1_000)
        #expect(seen.floor >= 1_000 - seen.span - seen.span / 4)
        #expect(seen.floor <= 1_000 - seen.margin)
        let old = seen.insert(seen.floor)
        let new = seen.insert(1_001)
        #expect(!old)
        #expect(new)
    }
}
