import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/auditlog/list` (API.md §6).
struct AuditController {
    let audit: any AuditRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("list", use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PagedDTO<AuditEntryDTO> {
        let query = request.uri.queryParameters
        let (page, size) = try QueryFields.page(query)
        var filter = AuditFilter(username: query.get("username"), path: query.get("path"))
        if let raw = query.get("status"), !raw.isEmpty {
            filter.status = try QueryFields.integer(raw, field: "status", range: 100...599, default: 0)
        }
        filter.start = try QueryFields.time(query.get("start_time"), field: "start_time")
        filter.end = try QueryFields.time(query.get("end_time"), field: "end_time")
        let found = try await audit.list(filter, page: page, pageSize: size)
        return PagedDTO(data: found.entries.map(AuditEntryDTO.init), total: found.total, page: page, pageSize: size)
    }
}
