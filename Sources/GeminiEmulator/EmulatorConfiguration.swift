import Foundation
import VTONDomain

public struct EmulatorConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// How long a 1K answer takes, drawing included; 512 takes half, 2K twice, 4K four times
    /// as long, as the service's larger images do (VTON_EMULATOR_LATENCY_MS).
    public var latencyMilliseconds: Int
    public var faults: FaultPlan
    /// The key callers must send; nil accepts any non-empty key.
    public var requiredAPIKey: String?
    /// Seconds a batch spends PENDING, then RUNNING, before it ends (VTON_EMULATOR_BATCH_S).
    public var batchPhaseSeconds: Double
    /// Off: the key has no billing, and every generation is refused with the zero-quota 429 of
    /// a model without a free tier (VTON_EMULATOR_BILLING).
    public var billing: Bool
    /// The image models this key may use; nil means every current one (VTON_EMULATOR_MODELS).
    public var models: Set<String>?
    /// Where batches and files are kept across restarts; nil means a fresh temporary directory
    /// (VTON_EMULATOR_DATA_DIR).
    public var dataDirectory: String?
    /// Grain that gives drawn images the bytes of photographs. It doubles what an answer costs
    /// to draw, encode and read; suites that start dozens of servers on two cores turn it off
    /// where they test no sizes.
    public var grain = true

    public init(
        host: String = "127.0.0.1", port: Int = 8089, latencyMilliseconds: Int = 0, faults: FaultPlan = .init(), requiredAPIKey: String? = nil,
        batchPhaseSeconds: Double = 10, billing: Bool = true, models: Set<String>? = nil, dataDirectory: String? = nil
    ) {
        self.host = host
        self.port = port
        self.latencyMilliseconds = latencyMilliseconds
        self.faults = faults
        self.requiredAPIKey = requiredAPIKey
        self.batchPhaseSeconds = batchPhaseSeconds
        self.billing = billing
        self.models = models
        self.dataDirectory = dataDirectory
    }

    public struct SettingError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `on` or `off` (also true/false, 1/0).
    public static func parseBilling(_ text: String) throws(SettingError) -> Bool {
        guard let value = ["on": true, "true": true, "1": true, "off": false, "false": false, "0": false][text.lowercased()] else {
            throw SettingError(description: "must be on or off, got \"\(text)\"")
        }
        return value
    }

    /// Comma-separated ids of current image models.
    public static func parseModels(_ text: String) throws(SettingError) -> Set<String> {
        let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = ModelCatalogue.current.map(\.id)
        for id in ids where !known.contains(id) {
            throw SettingError(description: "\"\(id)\" is not a current image model (\(known.joined(separator: ", ")))")
        }
        guard !ids.isEmpty else { throw SettingError(description: "names no model") }
        return Set(ids)
    }
}
