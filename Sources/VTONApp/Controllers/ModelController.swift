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
                models: models.available.map { ModelDTO($0, isDefault: $0.id == models.defaultModel, pricing: pricing) })
        }
    }
}
