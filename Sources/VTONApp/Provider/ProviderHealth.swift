import Foundation
import Synchronization

/// What the provider last said that an operator must act on: a model whose quota is zero
/// (the key's project has no billing) stays reported until a call to it succeeds.
final class ProviderHealth: Sendable {
    struct QuotaProblem: Sendable, Equatable {
        let model: String
        let message: String
        let since: Date
    }

    private let problems = Mutex<[String: QuotaProblem]>([:])

    func quotaIsZero(model: String, message: String) {
        problems.withLock { $0[model] = $0[model] ?? QuotaProblem(model: model, message: message, since: Date()) }
    }

    func answered(model: String) {
        _ = problems.withLock { $0.removeValue(forKey: model) }
    }

    var quotaProblems: [QuotaProblem] { problems.withLock { $0.values.sorted { $0.model < $1.model } } }

    static let billingAdvice =
        "the provider's quota for this model is 0: image models have no free tier, so enable billing on the Google Cloud project of GEMINI_API_KEY (aistudio.google.com › API keys › Set up billing)"
}
