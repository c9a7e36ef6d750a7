import GeminiClient
import Logging
import ServiceLifecycle

/// Asks the provider once, at start, which models its key can use. A default model it cannot
/// use stops the server with a message saying which it can; an unreachable provider is asked
/// again until it answers, while the catalogue stands in.
struct ModelDiscovery: Service {
    let provider: any ModelListing
    let models: ProviderModels
    let logger: Logger

    func run() async throws {
        var wait = Duration.milliseconds(100)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try models.update(listed: try await provider.listModels())
                logger.info("provider models", metadata: ["available": "\(models.available.map(\.id).joined(separator: ","))"])
                break
            } catch let error as ProviderModels.DefaultModelUnavailable {
                logger.critical("\(error.description)")
                throw error
            } catch {
                if wait >= .seconds(5) { logger.warning("the provider's model list is not available yet", metadata: ["error": "\(error)"]) }
                try? await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(60))
            }
        }
        try? await gracefulShutdown()
    }
}
