import GeminiClient

/// The last requests the emulator accepted, so tests can see exactly what a client sent.
public actor RequestJournal {
    public struct Entry: Sendable {
        public let model: String
        public let request: GenerateContentRequest
    }

    private var entries: [Entry] = []
    private var callsPerPrompt: [String: Int] = [:]
    private let capacity: Int

    public init(capacity: Int = 64) { self.capacity = capacity }

    public var received: [Entry] { entries }

    func record(_ entry: Entry) {
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// Counts calls per prompt for `[[fail:…*N]]` directives; returns this call's number.
    func countCall(prompt: String) -> Int {
        callsPerPrompt[prompt, default: 0] += 1
        return callsPerPrompt[prompt]!
    }
}
