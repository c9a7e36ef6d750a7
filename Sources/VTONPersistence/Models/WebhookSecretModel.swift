import FluentKit
import Foundation

final class WebhookSecretModel: Model, @unchecked Sendable {
    static let schema = "webhook_secrets"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "sealed_secret") var sealedSecret: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
