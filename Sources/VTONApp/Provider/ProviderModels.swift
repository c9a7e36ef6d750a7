import GeminiClient
import Synchronization
import VTONDomain

/// The image models this deployment offers: the catalogue's current ones until the provider
/// says (`models.list`) which of them its key can use.
final class ProviderModels: Sendable {
    let defaultModel: String
    private let offered: Mutex<[ImageModel]>

    init(defaultModel: String, offered: [ImageModel] = ModelCatalogue.current) {
        self.defaultModel = defaultModel
        self.offered = Mutex(offered)
    }

    var available: [ImageModel] { offered.withLock { $0 } }

    struct DefaultModelUnavailable: Error, CustomStringConvertible {
        let model: String
        let available: [String]
        var description: String {
            "GEMINI_MODEL \"\(model)\" is not available to this key; it can use: "
                + (available.isEmpty ? "no image model VTON Lab knows" : available.joined(separator: ", "))
        }
    }

    /// Keeps the catalogue's models that the provider listed as able to generate content.
    func update(listed: [ProviderModel]) throws(DefaultModelUnavailable) {
        let ids = Set(listed.filter(\.generatesContent).map(\.id))
        let usable = ModelCatalogue.all.filter { ids.contains($0.id) }
        offered.withLock { $0 = usable }
        guard usable.contains(where: { $0.id == defaultModel }) else {
            throw DefaultModelUnavailable(model: defaultModel, available: usable.map(\.id))
        }
    }
}

/// Everything a provider must do for VTON Lab: generate, run batches, say which models it has.
public typealias ProviderAPI = ImageGenerating & BatchProviding & ModelListing
