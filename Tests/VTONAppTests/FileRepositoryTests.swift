import Foundation
import Testing
import VTONDomain

@testable import VTONPersistence

/// What retention and task deletion ask of storage, on SQLite and PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FileRepositoryTests {
    let repositories = RepositoryTests()

    @Test(arguments: RepositoryTests.locations)
    func filesAreFoundByAgeCountedByContentAndDeleted(kind: String) async throws {
        try await repositories.withDatabase(kind) { connection, user in
            let files = FluentFileRepository(connection: connection)
            let old = Date().addingTimeInterval(-3600)
            let first = StoredFile(ownerID: user.id, kind: .upload, sha256: "a", mimeType: "image/png", width: 1, height: 1, bytes: 1, createdAt: old)
            let taskID = UUID()
            let second = StoredFile(
                ownerID: user.id, kind: .result, sha256: "a", mimeType: "image/png", width: 1, height: 1, bytes: 1,
                createdAt: old.addingTimeInterval(1),
                taskID: taskID)
            let fresh = StoredFile(ownerID: user.id, kind: .upload, sha256: "b", mimeType: "image/png", width: 1, height: 1, bytes: 1)
            for file in [fresh, second, first] { try await files.create(file) }

            let expired = try await files.stored(before: Date().addingTimeInterval(-60), limit: 10)
            #expect(expired.map(\.id) == [first.id, second.id])
            #expect(expired.last?.taskID == taskID)
            #expect(try await files.count(sha256: "a") == 2)
            #expect(Set(try await files.find(ids: [first.id, fresh.id]).map(\.id)) == [first.id, fresh.id])
            try await files.delete(ids: [first.id])
            #expect(try await files.count(sha256: "a") == 1)
            #expect(try await files.find(id: first.id) == nil)
        }
    }

    @Test(arguments: RepositoryTests.locations)
    func expiredResultsAreMarkedAndReferencesFound(kind: String) async throws {
        try await repositories.withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            let reference = UUID()
            var task = try repositories.newTask(user)
            task.referenceFileIDs = [UUID(), reference]
            let created = try await tasks.create(task).task
            let other = try await tasks.create(try repositories.newTask(user)).task
            #expect(try await tasks.referencesFile(reference, excludingTask: other.id))
            #expect(try await !tasks.referencesFile(reference, excludingTask: created.id))

            let image = ResultImage(fileID: UUID(), width: 1, height: 1, mimeType: "image/png")
            _ = try await tasks.transition(id: created.id, from: [.queued], leaseOwner: nil) { $0.status = .running }
            _ = try await tasks.transition(id: created.id, from: [.running], leaseOwner: nil) {
                $0.status = .succeeded
                $0.result = TaskResult(images: [image], text: nil)
            }
            let before = try await tasks.events(userID: user.id, after: 0, limit: 100).count
            try await tasks.expireResults(taskIDs: [created.id, other.id])
            let expired = try #require(try await tasks.find(id: created.id))
            #expect(expired.result?.expired == true && expired.result?.images == [image] && expired.status == .succeeded)
            #expect(try await tasks.find(id: other.id)?.result == nil)
            #expect(try await tasks.events(userID: user.id, after: 0, limit: 100).count == before, "expiry is not a state change")
        }
    }
}
