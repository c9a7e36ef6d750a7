import ServiceLifecycle

/// The Gemini emulator that `serve` runs on loopback when no `GEMINI_API_KEY` is set, so the
/// real client and worker run end to end without a network.
enum EmbeddedEmulator {
    static let apiKey = "emulator-key"
}

/// The in-process emulator, with its port reserved for as long as it runs.
struct InProcessEmulator: Service {
    let application: any Service
    let port: LoopbackPortReservation

    func run() async throws { try await application.run() }
}
