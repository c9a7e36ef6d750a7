import Foundation
import Hummingbird
import VTONDomain

struct PromptTemplateDTO: Encodable, ResponseEncodable {
    let category: String
    let template: String
    let updatedAt: Date

    init(_ template: PromptTemplate) {
        category = template.category.rawValue
        self.template = template.text
        updatedAt = template.updatedAt
    }
}

struct PromptTemplateListDTO: Encodable, ResponseEncodable {
    let templates: [PromptTemplateDTO]
}

struct PromptTemplateUpdateDTO: Decodable {
    let template: String
}
