public struct EmulatorConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Added to every generateContent answer, as a real model takes seconds.
    public var latencyMilliseconds: Int
    public var faults: FaultPlan
    /// The key callers must send; nil accepts any non-empty key.
    public var requiredAPIKey: String?
    /// Seconds a batch spends PENDING, then RUNNING, before it ends (VTON_EMULATOR_BATCH_S).
    public var batchPhaseSeconds: Double

    public init(
        host: String = "127.0.0.1", port: Int = 8089, latencyMilliseconds: Int = 0, faults: FaultPlan = .init(), requiredAPIKey: String? = nil,
        batchPhaseSeconds: Double = 10
    ) {
        self.host = host
        self.port = port
        self.latencyMilliseconds = latencyMilliseconds
        self.faults = faults
        self.requiredAPIKey = requiredAPIKey
        self.batchPhaseSeconds = batchPhaseSeconds
    }
}
