import FluentKit
import Foundation
import VTONDomain

final class AuditLogModel: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "username") var username: String?
    @Field(key: "method") var method: String
    @Field(key: "path") var path: String
    @Field(key: "status") var status: Int
    @Field(key: "latency_ms") var latencyMilliseconds: Double
    @OptionalField(key: "client_address") var clientAddress: String?
    @Field(key: "summary") var summary: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var domain: AuditEntry {
        AuditEntry(
            id: id!, userID: userID, username: username, method: method, path: path, status: status,
            latencyMilliseconds: latencyMilliseconds, clientAddress: clientAddress, summary: summary, createdAt: createdAt)
    }
}
