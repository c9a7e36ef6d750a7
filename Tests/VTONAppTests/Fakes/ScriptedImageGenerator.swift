import Foundation
import GeminiClient
import Synchronization

/// An `ImageGenerating` provider that answers each call with the next of its scripted results
/// (the last one repeats) and counts the calls, so a test can say what the worker did with them.
final class ScriptedImageGenerator: ImageGenerating {
    private let script: [Result<GenerationReply, GeminiError>]
    private let calls = Mutex(0)

    init(_ script: [Result<GenerationReply, GeminiError>]) {
        precondition(!script.isEmpty, "a provider must answer something")
        self.script = script
    }

    var callCount: Int { calls.withLock { $0 } }

    func generate(model: String, request: GenerateContentRequest, deadline: Duration) async throws(GeminiError) -> GenerationReply {
        let index = calls.withLock { calls in
            defer { calls += 1 }
            return min(calls, script.count - 1)
        }
        return try script[index].get()
    }
}
