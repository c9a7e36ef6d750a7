import FluentKit
import Foundation
import VTONDomain

/// Every user's task events by id, for a process that learns of events written by others.
public protocol TaskEventLog: Sendable {
    /// The events with these ids, in id order.
    func events(ids: [Int]) async throws -> [TaskEvent]
    /// Every user's events after `eventID`, in id order.
    func events(after eventID: Int, limit: Int) async throws -> [TaskEvent]
    /// The highest event id written so far, 0 when there is none.
    func latestEventID() async throws -> Int
}

extension FluentTaskRepository: TaskEventLog {
    public func events(ids: [Int]) async throws -> [TaskEvent] {
        try await TaskEventModel.query(on: connection.database).filter(\.$id ~~ ids).sort(\.$id).all().map(\.domain)
    }

    public func events(after eventID: Int, limit: Int) async throws -> [TaskEvent] {
        try await TaskEventModel.query(on: connection.database).filter(\.$id > eventID).sort(\.$id).limit(limit).all().map(\.domain)
    }

    public func latestEventID() async throws -> Int {
        try await TaskEventModel.query(on: connection.database).max(\.$id) ?? 0
    }
}
