import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// `PromptTemplateRepository` in memory: the built-in template until one is saved.
final class InMemoryPromptTemplates: PromptTemplateRepository {
    private let saved = Mutex<[TryOnCategory: PromptTemplate]>([:])

    func all() async throws -> [PromptTemplate] {
        var all: [PromptTemplate] = []
        for category in TryOnCategory.allCases { all.append(try await template(for: category)) }
        return all
    }

    func template(for category: TryOnCategory) async throws -> PromptTemplate {
        saved.withLock { $0[category] } ?? PromptTemplate.defaultTemplate(for: category)
    }

    func save(_ template: PromptTemplate) async throws {
        saved.withLock { $0[template.category] = template }
    }
}
