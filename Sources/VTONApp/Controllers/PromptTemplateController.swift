import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/prompt-templates`: the try-on instruction per garment category; those with
/// `prompt_templates:manage` edit them.
struct PromptTemplateController {
    let templates: any PromptTemplateRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.put("{category}", use: update)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PromptTemplateListDTO {
        PromptTemplateListDTO(templates: try await templates.all().map(PromptTemplateDTO.init))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> PromptTemplateDTO {
        let raw = context.parameters.get("category") ?? ""
        guard let category = TryOnCategory(rawValue: raw) else {
            throw APIError.notFound("prompt template \"\(raw)\"")
        }
        let body = try await request.decode(as: PromptTemplateUpdateDTO.self, context: context)
        let text = body.template.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= PromptTemplate.maxLength else {
            throw APIError.validation(ValidationError(field: "template", "must be 1–\(PromptTemplate.maxLength) characters"))
        }
        let template = PromptTemplate(category: category, text: text)
        try await templates.save(template)
        return PromptTemplateDTO(template)
    }
}
