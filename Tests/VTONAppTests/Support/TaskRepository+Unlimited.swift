import Testing
import VTONDomain
import VTONPersistence

extension TaskRepository {
    /// Writes a task with no quota and no idempotency key, as the repository tests' setups need.
    func create(_ task: ImageTask) async throws -> TaskTransition {
        guard case .created(let transition) = try await create(NewTask(task, quota: nil)) else {
            throw TestSetupFailure(description: "task \(task.id) was answered by an existing task")
        }
        return transition
    }
}

struct TestSetupFailure: Error, CustomStringConvertible {
    let description: String
}
