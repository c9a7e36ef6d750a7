import Foundation

/// What an input image was to a task: a try-on's person or one of its garments, or a
/// reference of a generation.
public enum TaskInputRole: String, Sendable, CaseIterable {
    case person
    case garment
    case reference
}

/// One stored image a task was made from, with its role.
public struct TaskInput: Sendable, Equatable {
    public let role: TaskInputRole
    public let fileID: UUID

    public init(role: TaskInputRole, fileID: UUID) {
        self.role = role
        self.fileID = fileID
    }
}

extension ImageTask {
    /// A try-on keeps its person first, then its garments (`GenerationSpec.validateTryOn`).
    public var inputs: [TaskInput] {
        referenceFileIDs.enumerated().map { index, id in
            guard type == .tryon else { return TaskInput(role: .reference, fileID: id) }
            return TaskInput(role: index == 0 ? .person : .garment, fileID: id)
        }
    }

    /// The person photo of a try-on.
    public var personFileID: UUID? { type == .tryon ? referenceFileIDs.first : nil }
}
