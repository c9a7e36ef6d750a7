import FluentKit
import Foundation
import VTONDomain

final class PromptTemplateModel: Model, @unchecked Sendable {
    static let schema = "prompt_templates"

    @ID(custom: "category", generatedBy: .user) var id: String?
    @Field(key: "text") var text: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ template: PromptTemplate) {
        id = template.category.rawValue
        text = template.text
        updatedAt = template.updatedAt
    }

    var domain: PromptTemplate? {
        TryOnCategory(rawValue: id ?? "").map { PromptTemplate(category: $0, text: text, updatedAt: updatedAt) }
    }
}
