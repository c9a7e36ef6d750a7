import Foundation
import Testing
import VTONDomain

@testable import VTONPersistence

/// `TaskColumns` is the one mapping between a task and its row: a field it forgets to write or
/// to read comes back different here, on either database.
extension RepositoryTests {
    @Test(arguments: locations)
    func everyFieldOfATaskIsWrittenAndReadBack(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            // Whole seconds: both databases keep at least that of a date.
            let second = Date(timeIntervalSince1970: 1_800_000_000)
            var task = ImageTask(
                id: .timeOrdered(), userID: user.id, status: .queued, type: .tryon, prompt: "a linen dress", aspectRatio: "4:5",
                providerAspectRatio: "4:5", resolution: .k2, priority: .economy, tryOnCategory: .dresses, model: "gemini-3-pro-image",
                referenceFileIDs: [UUID(), UUID()], result: nil, failure: nil, attempts: 0, batchID: UUID(), batchIndex: 7,
                idempotencyKey: "key-1", deadlineAt: second.addingTimeInterval(86_400), costMicroUSD: 67_000, creditsHeld: 67,
                creditState: .reserved, createdAt: second, startedAt: nil, finishedAt: nil, variationGroupID: UUID(), variationIndex: 2)
            let tasks = FluentTaskRepository(connection: connection)
            try await TaskColumns.insert([task], on: connection.database)
            #expect(try await tasks.find(id: task.id) == task)

            task.status = .failed
            task.result = TaskResult(
                images: [ResultImage(fileID: UUID(), width: 1024, height: 1280, mimeType: "image/png")], text: "t", expired: true)
            task.failure = TaskFailure(.safetyBlocked, "blocked")
            task.attempts = 3
            task.creditsHeld = 0
            task.creditState = .released
            task.favourite = true
            task.startedAt = second.addingTimeInterval(5)
            task.finishedAt = second.addingTimeInterval(9)
            task.providerCharge = ProviderCharge(
                usage: TokenUsage(promptTokens: 10, imageOutputTokens: 1120, textOutputTokens: 3, thoughtTokens: 40), costMicroUSD: 135_000,
                unansweredCalls: 1)
            try await TaskColumns.update(task, on: connection.database)
            #expect(try await tasks.find(id: task.id) == task)

            // Every optional field emptied again (written as the literal NULL) reads back empty.
            task.tryOnCategory = nil
            task.startedAt = nil
            task.finishedAt = nil
            task.result = nil
            task.failure = nil
            task.batchID = nil
            task.batchIndex = nil
            task.idempotencyKey = nil
            task.deadlineAt = nil
            task.providerCharge = nil
            task.variationGroupID = nil
            task.variationIndex = nil
            try await TaskColumns.update(task, on: connection.database)
            #expect(try await tasks.find(id: task.id) == task)
        }
    }
}
