import VTONDomain

/// `POST /api/v1/images/generate` as sent by a client (API.md §2.1).
struct GenerateRequestDTO: Decodable {
    let prompt: String?
    let referenceImages: [String]?
    let aspectRatio: String?
    let resolution: String?
    let taskType: String?
    let tryon: TryOnDTO?
    let model: String?
    let priority: String?
    let idempotencyKey: String?
    let deadlineSeconds: Int?
    let webhookUrl: String?
    let n: Int?

    enum CodingKeys: String, CodingKey {
        case prompt, model, priority, resolution, tryon, n
        case referenceImages = "reference_images"
        case aspectRatio = "aspect_ratio"
        case taskType = "task_type"
        case idempotencyKey = "idempotency_key"
        case deadlineSeconds = "deadline_seconds"
        case webhookUrl = "webhook_url"
    }

    struct TryOnDTO: Decodable {
        let personImage: String?
        let garmentImage: String?
        let garmentImages: [String]?
        let category: String?

        enum CodingKeys: String, CodingKey {
            case category
            case personImage = "person_image"
            case garmentImage = "garment_image"
            case garmentImages = "garment_images"
        }
    }

    func draft(idempotencyHeader: String?) -> GenerationDraft {
        GenerationDraft(
            prompt: prompt, referenceImages: referenceImages, aspectRatio: aspectRatio, resolution: resolution,
            taskType: taskType, model: model, priority: priority, idempotencyKey: idempotencyKey ?? idempotencyHeader,
            deadlineSeconds: deadlineSeconds, webhookURL: webhookUrl,
            tryOn: tryon.map {
                TryOnDraft(personImage: $0.personImage, garmentImage: $0.garmentImage, garmentImages: $0.garmentImages, category: $0.category)
            }, variations: n)
    }
}
