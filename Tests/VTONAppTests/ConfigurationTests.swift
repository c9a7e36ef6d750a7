import Testing
import VTONPersistence

@testable import VTONApp

struct ConfigurationTests {
    @Test func defaultsMatchTheSeed() throws {
        let configuration = try AppConfiguration.load(from: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 9999)
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.database == .sqliteFile("./data/vton.sqlite"))
        #expect(configuration.environment == .development)
        #expect(configuration.defaultModel == "gemini-3-pro-image")
        #expect(configuration.workerConcurrency == 8)
        #expect(configuration.geminiAPIKey == nil)
        #expect(configuration.retentionSeconds == nil)
        #expect(configuration.leaseSeconds == 30)
    }

    @Test func valuesAreRead() throws {
        let configuration = try AppConfiguration.load(from: [
            "VTON_PORT": "8080", "VTON_DATA_DIR": "/tmp/x", "DATABASE_URL": "postgres://u:p@localhost/vton", "VTON_WORKER_CONCURRENCY": "32",
            "VTON_EMULATOR_FAULTS": "503:0.2,429:0.1,hang:0.05,safety:0.05", "VTON_EMULATOR_LATENCY_MS": "2000",
            "GEMINI_MODEL": "gemini-3.1-flash-image", "VTON_FETCH_TIMEOUT_S": "2.5", "VTON_RETENTION_DAYS": "0.5",
            "VTON_TASK_LEASE_S": "4",
        ])
        #expect(configuration.port == 8080)
        #expect(configuration.database == .postgres("postgres://u:p@localhost/vton"))
        #expect(configuration.workerConcurrency == 32)
        #expect(configuration.emulatorLatencyMilliseconds == 2000)
        #expect(configuration.emulatorFaults.entries.count == 4)
        #expect(configuration.defaultModel == "gemini-3.1-flash-image")
        #expect(configuration.fetchTimeoutSeconds == 2.5)
        #expect(configuration.retentionSeconds == 43_200)
        #expect(configuration.leaseSeconds == 4)
    }

    static let bad: [(String, [String: String])] = [
        ("VTON_PORT", ["VTON_PORT": "abc"]),
        ("VTON_PORT", ["VTON_PORT": "70000"]),
        ("DATABASE_URL", ["DATABASE_URL": "mysql://x"]),
        ("VTON_ENV", ["VTON_ENV": "staging"]),
        ("VTON_JWT_SECRET", ["VTON_ENV": "production"]),
        ("VTON_JWT_SECRET", ["VTON_JWT_SECRET": "short"]),
        ("GEMINI_BASE_URL", ["GEMINI_BASE_URL": "not a url"]),
        ("GEMINI_MODEL", ["GEMINI_MODEL": "gpt-4o"]),
        ("VTON_WORKER_CONCURRENCY", ["VTON_WORKER_CONCURRENCY": "0"]),
        ("VTON_PROVIDER_TIMEOUT_S", ["VTON_PROVIDER_TIMEOUT_S": "-1"]),
        ("VTON_REFERENCE_DIR", ["VTON_REFERENCE_DIR": "/no/such/dir"]),
        ("VTON_FETCH_TIMEOUT_S", ["VTON_FETCH_TIMEOUT_S": "0"]),
        ("VTON_TASK_LEASE_S", ["VTON_TASK_LEASE_S": "0"]),
        ("VTON_RETENTION_DAYS", ["VTON_RETENTION_DAYS": "forever"]),
        ("VTON_EMULATOR_LATENCY_MS", ["VTON_EMULATOR_LATENCY_MS": "soon"]),
        ("VTON_EMULATOR_FAULTS", ["VTON_EMULATOR_FAULTS": "503:2"]),
        ("VTON_EMULATOR_FAULTS", ["VTON_EMULATOR_FAULTS": "teapot:0.1"]),
        ("VTON_EMULATOR_FAULTS", ["VTON_EMULATOR_FAULTS": "503:0.7,429:0.7"]),
    ]

    @Test(arguments: bad)
    func badValuesNameTheSetting(setting: String, environment: [String: String]) {
        do {
            _ = try AppConfiguration.load(from: environment)
            Issue.record("\(environment) was accepted")
        } catch {
            #expect(error.setting == setting)
            #expect(error.description.contains(setting))
        }
    }

    @Test func dotEnvParsesQuotesCommentsAndExport() {
        let values = DotEnv.parse("# comment\nVTON_PORT=8081\nexport GEMINI_MODEL=\"gemini-3-pro-image\"\n\nBAD LINE\nVTON_HOST = '0.0.0.0'\n")
        #expect(values == ["VTON_PORT": "8081", "GEMINI_MODEL": "gemini-3-pro-image", "VTON_HOST": "0.0.0.0"])
    }
}
