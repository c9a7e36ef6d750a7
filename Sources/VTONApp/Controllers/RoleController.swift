import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/role/…` (API.md §6): roles, their permissions and their task quotas.
struct RoleController {
    let roles: RoleCatalogue

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("list", use: list)
        group.get("get", use: get)
        group.post("create", use: create)
        group.post("update", use: update)
        group.delete("delete", use: delete)
        group.get("permissions", use: permissions)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PagedDTO<RoleDTO> {
        let all = try await roles.all()
        return PagedDTO(data: all.map(RoleDTO.init), total: all.count, page: 1, pageSize: all.count)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> RoleDTO {
        RoleDTO(try await role(request.uri.queryParameters.get("role_id")))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<RoleDTO> {
        let body = try await request.decode(as: RoleWriteDTO.self, context: context)
        guard let name = body.name else { throw APIError.validation(ValidationError(field: "name", "name is required")) }
        var role = Role(name: name, description: "", permissions: [])
        try await apply(body, to: &role)
        try await save(role, before: nil, actor: try context.requireIdentity())
        return EditedResponse(status: .created, response: RoleDTO(role))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> RoleDTO {
        let body = try await request.decode(as: RoleWriteDTO.self, context: context)
        let before = try await role(body.id?.uuidString, field: "id")
        var role = before
        try await apply(body, to: &role)
        try await save(role, before: before, actor: try context.requireIdentity())
        return RoleDTO(role)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> MessageDTO {
        let role = try await role(request.uri.queryParameters.get("role_id"))
        guard !role.isBuiltin else { throw APIError(.conflict, code: "BUILTIN_ROLE", "the built-in role \"\(role.name)\" cannot be deleted") }
        try await context.requireIdentity().delegating { try $0.checkRole(role.permissions) }
        try await roles.delete(id: role.id)
        return MessageDTO(detail: "role deleted")
    }

    @Sendable func permissions(_ request: Request, context: AppRequestContext) async throws -> PermissionListDTO {
        PermissionListDTO(
            data: Permission.allCases.map { permission in
                PermissionDTO(
                    name: permission.rawValue, summary: permission.summary,
                    routes: APIRoute.all.filter { $0.access == .permission(permission) }.map { "\($0.method) \($0.path)" })
            })
    }

    /// A role can only be given, or taken, powers its editor holds; two requests racing for
    /// one name meet the unique index, and the loser hears the same 409 as if it came second.
    private func save(_ role: Role, before: Role?, actor: Identity) async throws {
        try await actor.delegating { try $0.checkRole(role.permissions.union(before?.permissions ?? [])) }
        do { try await roles.save(role) } catch is UniqueViolation { throw Self.nameTaken(role.name) }
    }

    private static func nameTaken(_ name: String) -> APIError {
        APIError(.conflict, code: "ROLE_NAME_TAKEN", "a role named \"\(name)\" exists", field: "name")
    }

    private func role(_ raw: String?, field: String = "role_id") async throws -> Role {
        let id = try QueryFields.uuid(raw, field: field)
        guard let role = try await roles.all().first(where: { $0.id == id }) else { throw APIError.notFound("role") }
        return role
    }

    /// Applies the given fields after checking each; the built-in roles keep their names.
    private func apply(_ body: RoleWriteDTO, to role: inout Role) async throws {
        if let raw = body.name {
            let name: String
            do { name = try Role.validateName(raw) } catch { throw APIError.validation(error) }
            if role.isBuiltin, name != role.name {
                throw APIError(.conflict, code: "BUILTIN_ROLE", "the built-in role \"\(role.name)\" keeps its name", field: "name")
            }
            if try await roles.all().contains(where: { $0.name == name && $0.id != role.id }) {
                throw Self.nameTaken(name)
            }
            role.name = name
        }
        if let desc = body.desc {
            guard desc.count <= 500 else { throw APIError.validation(ValidationError(field: "desc", "must be at most 500 characters")) }
            role.description = desc
        }
        if let names = body.permissions {
            do { role.permissions = Set(try Permission.parse(names)) } catch { throw APIError.validation(error) }
        }
        for (field, value) in [("tasks_per_minute", body.tasksPerMinute), ("max_tasks_in_flight", body.maxTasksInFlight)] {
            guard let value else { continue }
            if let number = value, !(1...1_000_000).contains(number) {
                throw APIError.validation(ValidationError(field: field, "must be 1…1000000, or null for the server's default"))
            }
            if field == "tasks_per_minute" { role.tasksPerMinute = value } else { role.maxTasksInFlight = value }
        }
    }
}
