import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// The roles, read once and kept in memory: every authenticated request needs them, and they
/// change only through the role API, which refreshes this copy.
public final class RoleCatalogue: Sendable {
    let repository: any RoleRepository
    private let cached = Mutex<[UUID: Role]?>(nil)

    init(repository: any RoleRepository) { self.repository = repository }

    func all() async throws -> [Role] {
        if let roles = cached.withLock({ $0 }) { return roles.values.sorted { $0.name < $1.name } }
        let roles = try await repository.all()
        cached.withLock { $0 = Dictionary(uniqueKeysWithValues: roles.map { ($0.id, $0) }) }
        return roles
    }

    func roles(ids: [UUID]) async throws -> [Role] {
        guard !ids.isEmpty else { return [] }
        let wanted = Set(ids)
        return try await all().filter { wanted.contains($0.id) }
    }

    func save(_ role: Role) async throws {
        try await repository.save(role)
        cached.withLock { $0 = nil }
    }

    func delete(id: UUID) async throws {
        try await repository.delete(id: id)
        cached.withLock { $0 = nil }
    }
}
