import Foundation
import VTONDomain
import VTONPersistence

/// The one thing the dispatcher asks of tasks: an ended task as it is now, to announce it.
protocol TaskLookup: Sendable {
    func find(id: UUID) async throws -> ImageTask?
}

struct RepositoryTaskLookup: TaskLookup {
    let tasks: any TaskRepository

    func find(id: UUID) async throws -> ImageTask? { try await tasks.find(id: id) }
}
