import FluentKit
import Foundation
import VTONDomain

/// The try-on templates, created with one default per category.
struct CreatePromptTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("prompt_templates")
            .field("category", .string, .identifier(auto: false))
            .field("text", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        for category in TryOnCategory.allCases {
            try await PromptTemplateModel(PromptTemplate.defaultTemplate(for: category)).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("prompt_templates").delete()
    }
}
