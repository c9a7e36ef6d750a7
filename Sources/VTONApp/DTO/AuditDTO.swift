import Foundation
import VTONDomain

struct AuditEntryDTO: Encodable {
    let id: Int
    let userId: UUID?
    let username: String?
    let method: String
    let path: String
    let status: Int
    let latencyMs: Double
    let clientAddress: String?
    let summary: String
    let createdAt: Date

    init(_ entry: AuditEntry) {
        id = entry.id
        userId = entry.userID
        username = entry.username
        method = entry.method
        path = entry.path
        status = entry.status
        latencyMs = (entry.latencyMilliseconds * 100).rounded() / 100
        clientAddress = entry.clientAddress
        summary = entry.summary
        createdAt = entry.createdAt
    }
}
