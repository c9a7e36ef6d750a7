import Hummingbird
import VTONDomain

/// `GET /api/v1/models`: the models this server offers now, with what each size costs, so a
/// client can offer a choice and show the price before anything is submitted.
struct ModelController {
    let models: ProviderModels
    let pricing: CreditPricing

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get { _, _ in
            ModelListDTO(
                defaultModel: models.defaultModel,
                models: models.available.map { model in
                    ModelDTO(
                        id: model.id, isDefault: model.id == models.defaultModel,
                        resolutions: (model.takesImageSize ? model.sizes.filter(ImageSize.apiValues.contains) : [.k1]).map(\.rawValue),
                        aspectRatios: model.aspectRatios, maxReferenceImages: model.maxReferenceImages,
                        prices: (model.takesImageSize ? model.sizes.filter(ImageSize.apiValues.contains) : [.k1]).map { size in
                            PriceDTO(
                                resolution: size.rawValue, usd: Money.usd(microUSD: model.priceMicroUSD(size: size, batch: false)),
                                batchUsd: Money.usd(microUSD: model.priceMicroUSD(size: size, batch: true)),
                                credits: pricing.credits(model: model.id, size: size, batch: false),
                                batchCredits: pricing.credits(model: model.id, size: size, batch: true))
                        })
                })
        }
    }
}

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
}

struct PriceDTO: Encodable {
    let resolution: String
    let usd: Double
    let batchUsd: Double
    let credits: Int
    let batchCredits: Int
}
