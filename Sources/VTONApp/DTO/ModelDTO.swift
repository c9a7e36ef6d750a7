import VTONDomain

/// The model list of `GET /api/v1/models`.
struct ModelListDTO: Encodable {
    let defaultModel: String
    let models: [ModelDTO]
}

struct ModelDTO: Encodable {
    let id: String
    let isDefault: Bool
    let resolutions: [String]
    let aspectRatios: [String]
    let maxReferenceImages: Int
    let prices: [PriceDTO]

    init(_ model: ImageModel, isDefault: Bool, pricing: CreditPricing) {
        id = model.id
        self.isDefault = isDefault
        resolutions = model.apiSizes.map(\.rawValue)
        aspectRatios = model.aspectRatios
        maxReferenceImages = model.maxReferenceImages
        prices = model.apiSizes.map { size in
            PriceDTO(
                resolution: size.rawValue, usd: Money.usd(microUSD: model.priceMicroUSD(size: size, batch: false)),
                batchUsd: Money.usd(microUSD: model.priceMicroUSD(size: size, batch: true)),
                credits: pricing.credits(model: model.id, size: size, batch: false),
                batchCredits: pricing.credits(model: model.id, size: size, batch: true))
        }
    }
}

struct PriceDTO: Encodable {
    let resolution: String
    let usd: Double
    let batchUsd: Double
    let credits: Int
    let batchCredits: Int
}
