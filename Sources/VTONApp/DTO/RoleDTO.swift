import Foundation
import VTONDomain

/// A role in the seed system's shape (`name`, `desc`, `permissions`) plus its quotas.
struct RoleDTO: Encodable {
    let id: UUID
    let name: String
    let desc: String
    let permissions: [String]
    let tasksPerMinute: Int?
    let maxTasksInFlight: Int?
    let isBuiltin: Bool

    init(_ role: Role) {
        id = role.id
        name = role.name
        desc = role.description
        permissions = role.permissions.sorted().map(\.rawValue)
        tasksPerMinute = role.tasksPerMinute
        maxTasksInFlight = role.maxTasksInFlight
        isBuiltin = role.isBuiltin
    }
}

struct RoleWriteDTO: Decodable {
    let id: UUID?
    let name: String?
    let desc: String?
    let permissions: [String]?
    let tasksPerMinute: Int??
    let maxTasksInFlight: Int??

    enum CodingKeys: String, CodingKey {
        case id, name, desc, permissions
        case tasksPerMinute = "tasks_per_minute"
        case maxTasksInFlight = "max_tasks_in_flight"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(UUID.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        desc = try container.decodeIfPresent(String.self, forKey: .desc)
        permissions = try container.decodeIfPresent([String].self, forKey: .permissions)
        tasksPerMinute = container.contains(.tasksPerMinute) ? .some(try container.decodeIfPresent(Int.self, forKey: .tasksPerMinute)) : .none
        maxTasksInFlight =
            container.contains(.maxTasksInFlight) ? .some(try container.decodeIfPresent(Int.self, forKey: .maxTasksInFlight)) : .none
    }
}

struct PermissionDTO: Encodable {
    let name: String
    let summary: String
    let routes: [String]
}

struct PermissionListDTO: Encodable {
    let data: [PermissionDTO]
}
