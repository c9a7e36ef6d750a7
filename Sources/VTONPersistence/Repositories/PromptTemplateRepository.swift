import FluentKit
import Foundation
import VTONDomain

public protocol PromptTemplateRepository: Sendable {
    func all() async throws -> [PromptTemplate]
    /// The stored template, or the built-in default when none is stored.
    func template(for category: TryOnCategory) async throws -> PromptTemplate
    func save(_ template: PromptTemplate) async throws
}

public struct FluentPromptTemplateRepository: PromptTemplateRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func all() async throws -> [PromptTemplate] {
        var stored: [TryOnCategory: PromptTemplate] = [:]
        for row in try await PromptTemplateModel.query(on: connection.database).all() {
            if let template = row.domain { stored[template.category] = template }
        }
        return TryOnCategory.allCases.map { stored[$0] ?? PromptTemplate.defaultTemplate(for: $0) }
    }

    public func template(for category: TryOnCategory) async throws -> PromptTemplate {
        try await PromptTemplateModel.find(category.rawValue, on: connection.database)?.domain ?? PromptTemplate.defaultTemplate(for: category)
    }

    public func save(_ template: PromptTemplate) async throws {
        let database = try connection.database
        if let row = try await PromptTemplateModel.find(template.category.rawValue, on: database) {
            row.text = template.text
            row.updatedAt = template.updatedAt
            try await row.update(on: database)
        } else {
            try await PromptTemplateModel(template).create(on: database)
        }
    }
}
