import ArgumentParser
import Foundation
import GeminiEmulator
import Hummingbird
import Logging
import VTONImaging

/// `vton emulator`: the Gemini REST emulator on its own, for other clients and the official SDK.
struct Emulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Gemini API emulator.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8089
    @Option(
        help:
            "How long a 1K generateContent answer takes, in milliseconds; 512 takes half, 2K twice, 4K four times as long (VTON_EMULATOR_LATENCY_MS)."
    )
    var latencyMs: Int?
    @Option(
        help:
            "Fault probabilities, e.g. 503:0.2,429:0.1,hang:0.05,safety:0.05; also quota0, image_other, image_prohibited, text_only, thought_only, image_safety, no_image (VTON_EMULATOR_FAULTS)."
    ) var faults: String?
    @Option(help: "Require this API key (default: accept any non-empty key).") var apiKey: String?
    @Option(help: "Seconds a batch spends in each of PENDING and RUNNING (VTON_EMULATOR_BATCH_S, default 10).") var batchPhaseS: Double?
    @Option(help: "on, or off for a key without billing: every generation gets the zero-quota 429 (VTON_EMULATOR_BILLING, default on).")
    var billing: String?
    @Option(help: "Comma-separated image models this key may use; others are 404 (VTON_EMULATOR_MODELS, default all current ones).")
    var models: String?
    @Option(help: "Directory batches and files are kept in across restarts (VTON_EMULATOR_DATA_DIR, default a fresh temporary one).")
    var dataDir: String?
    @Option(help: "Append one JSON line per generateContent call accepted ({\"model\", \"prompt\"}) to this file.")
    var callLog: String?
    @Flag(help: "Draw images without grain: far fewer bytes and less CPU, for tests that look at no image sizes.")
    var noGrain = false
    @Option(help: .hidden) var parentPid: Int32?

    func run() async throws {
        if let parentPid {
            exitWithParent(parentPid)
            yieldProcessorsToServer()
        }
        ImageMemory.keepLargeBuffersMapped()
        let environment = ProcessInfo.processInfo.environment
        let latency = latencyMs ?? environment["VTON_EMULATOR_LATENCY_MS"].flatMap(Int.init) ?? 0
        let batchPhase = batchPhaseS ?? environment["VTON_EMULATOR_BATCH_S"].flatMap(Double.init) ?? 10
        guard batchPhase > 0 else { throw ValidationError("--batch-phase-s must be positive") }
        let plan: FaultPlan
        do { plan = try FaultPlan.parse(faults ?? environment["VTON_EMULATOR_FAULTS"] ?? "") } catch {
            throw ValidationError("--faults: \(error.description)")
        }
        var configuration = EmulatorConfiguration(
            host: host, port: port, latencyMilliseconds: latency, faults: plan, requiredAPIKey: apiKey, batchPhaseSeconds: batchPhase)
        if let text = billing ?? environment["VTON_EMULATOR_BILLING"] {
            do { configuration.billing = try EmulatorConfiguration.parseBilling(text) } catch {
                throw ValidationError("--billing: \(error.description)")
            }
        }
        if let text = models ?? environment["VTON_EMULATOR_MODELS"] {
            do { configuration.models = try EmulatorConfiguration.parseModels(text) } catch {
                throw ValidationError("--models: \(error.description)")
            }
        }
        if let directory = dataDir ?? environment["VTON_EMULATOR_DATA_DIR"] {
            configuration.dataDirectory = directory
            do { try EmulatorServer.prepareDataDirectory(directory) } catch {
                throw ValidationError("--data-dir: \(directory) cannot be used: \(error)")
            }
        }
        configuration.grain = !noGrain
        var log: CallLog?
        if let callLog {
            do { log = try CallLog(path: callLog) } catch { throw ValidationError("--call-log: \(error.description)") }
        }
        let app = EmulatorServer.buildApplication(configuration: configuration, callLog: log, logger: Logger(label: "vton.emulator"))
        try await app.runService()
    }

    /// As `serve`'s child the emulator stands in for Google's servers, whose drawing costs the
    /// server nothing: sharing one machine, it runs at a lower priority so that the server's own
    /// work (answers, pushed updates) does not queue behind it. Linux keeps a priority per
    /// thread: each running thread is lowered, and threads started later inherit it.
    private func yieldProcessorsToServer() {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads.compactMap(id_t.init) { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 10) }
    }

    /// As `serve`'s child: ends when `serve` does, even when `serve` was killed without the
    /// chance to stop it, instead of holding its port and memory as an orphan.
    private func exitWithParent(_ parent: Int32) {
        Task.detached {
            while getppid() == parent { try? await Task.sleep(for: .milliseconds(500)) }
            Foundation.exit(0)
        }
    }
}
