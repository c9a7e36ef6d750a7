import Foundation
import GeminiEmulator
import S3Storage
import VTONDomain
import VTONPersistence

public enum DeploymentEnvironment: String, Sendable {
    case development
    case production
}

/// Every setting VTON Lab reads, with its default. Built from the environment (and `.env`);
/// a bad value stops start-up with a message naming the setting.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 9999
    public var dataDirectory = "./data"
    public var database: DatabaseLocation = .sqliteFile("./data/vton.sqlite")
    public var environment: DeploymentEnvironment = .development
    public var jwtSecret: String?
    public var adminPassword: String?
    public var geminiAPIKey: String?
    public var geminiBaseURL: String?
    public var defaultModel = "gemini-3-pro-image"
    public var workerConcurrency = 8
    /// What this process does when several share the database (VTON_ROLE, `serve --role`).
    public var role: ServerRole = .all
    /// How long a process keeps a one-at-a-time service after its last renewal
    /// (VTON_SINGLETON_LEASE_S): how soon another process takes over when it dies.
    public var singletonLeaseSeconds = 10.0
    /// Deadline of provider calls other than generation (batches, files, models).
    public var providerTimeoutSeconds = 120.0
    /// Deadline of one generation call, by output size (VTON_PROVIDER_DEADLINES, e.g. `2K=240,4K=600`).
    public var providerDeadlines = ProviderDeadlines()
    /// The largest provider answer read whole (VTON_PROVIDER_MAX_RESPONSE_MB); batch results are streamed.
    public var providerMaxResponseBytes = 128 * 1024 * 1024
    public var referenceDirectory: String?
    /// Deadline of fetching one http(s) reference, redirects included (VTON_FETCH_TIMEOUT_S).
    public var fetchTimeoutSeconds = 10.0
    public var emulatorLatencyMilliseconds = 0
    public var emulatorFaults = FaultPlan()
    /// The faults as written, handed on to an emulator child process.
    public var emulatorFaultsText: String?
    /// Seconds a batch of the embedded emulator spends in each of PENDING and RUNNING.
    public var emulatorBatchSeconds = 10.0
    /// Whether the embedded emulator's key has billing (VTON_EMULATOR_BILLING), and which image
    /// models it may use (VTON_EMULATOR_MODELS, nil: all current ones).
    public var emulatorBilling = true
    public var emulatorModels: Set<String>?
    /// Base interval of batch polls; it grows while a batch's state stays the same.
    public var batchPollSeconds = 30.0
    /// A batch whose polls have failed this long is given up as lost (VTON_BATCH_LOST_AFTER_S).
    public var batchLostAfterSeconds = 6 * 3600.0
    /// The economy pool is sent as one batch at this many tasks (VTON_ECONOMY_MAX_SIZE)…
    public var economyMaxSize = 100
    /// …or when its oldest task has waited this long (VTON_ECONOMY_MAX_AGE_S).
    public var economyMaxAgeSeconds = 600.0
    /// Inline batch bodies at or above this size go to the provider as a JSONL file, whose
    /// results come back as a file too (VTON_BATCH_INLINE_LIMIT_BYTES).
    public var inlineBatchLimitBytes = 20_000_000
    /// Batches whose results are expected to reach this size go by file too, so their results
    /// come back as a file rather than inside the batch (VTON_BATCH_INLINE_RESULT_LIMIT_BYTES).
    public var inlineResultLimitBytes = 16 * 1024 * 1024
    public var publicDirectory = "./Public"
    /// Where the embedded emulator runs: in this process (tests), or as a child process of this
    /// executable (`vton serve`), so a crash in its drawing cannot take the server down.
    public var emulatorExecutable: String?
    public var maxUploadBytes = 20 * 1024 * 1024
    /// Received images larger than this on their longest side are scaled down (VTON_MAX_IMAGE_SIDE).
    public var maxImageSide = 2048
    /// Uploads and results older than this are deleted (VTON_RETENTION_DAYS); nil keeps them.
    public var retentionSeconds: Double?
    /// How long a claimed task stays its worker's without a renewal (VTON_TASK_LEASE_S): how
    /// soon another process takes over the running tasks of one that died.
    public var leaseSeconds = 30.0
    public var retryPolicy = RetryPolicy()
    public var tokenLifetimeSeconds = 7 * 24 * 3600.0
    /// Whether `POST /api/v1/base/register` creates accounts (VTON_ALLOW_SIGNUP).
    public var allowSignup = false
    /// Credits every new account starts with (VTON_NEW_USER_CREDITS).
    public var newUserCredits = 1000
    /// 1 credit = this much list price (VTON_CREDIT_USD, default US$0.001).
    public var pricing = CreditPricing()
    /// Task limits of roles that set none (VTON_QUOTA_TASKS_PER_MINUTE, VTON_QUOTA_TASKS_IN_FLIGHT).
    public var defaultQuota = TaskQuota(perMinute: 120, inFlight: 200)
    /// Failed logins per username before refusal (VTON_LOGIN_MAX_FAILURES), within VTON_LOGIN_WINDOW_S.
    public var loginMaxFailures = 10
    public var loginWindowSeconds = 900.0
    /// How long audit entries wait to be written together.
    public var auditFlushInterval: Duration = .milliseconds(500)
    public var webhooks = WebhookSettings()
    /// The S3 bucket blobs are kept in (VTON_STORAGE_URL and VTON_S3_*); nil keeps them as files
    /// under the data directory.
    public var storage: S3Settings?

    public init() {}

    public struct Invalid: Error, CustomStringConvertible {
        public let setting: String
        public let problem: String
        public var description: String { "configuration error: \(setting) \(problem)" }
    }

    /// Reads settings from `environment`, which callers build from the process environment
    /// over the `.env` file so the real environment wins.
    public static func load(from environment: [String: String]) throws(Invalid) -> AppConfiguration {
        var config = AppConfiguration()
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(Invalid) -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw), range.contains(number) else {
                throw Invalid(setting: name, problem: "must be a whole number in \(range.lowerBound)…\(range.upperBound), got \"\(raw)\"")
            }
            return number
        }

        func positiveSeconds(_ name: String) throws(Invalid) -> Double? {
            guard let raw = value(name) else { return nil }
            guard let seconds = Double(raw), seconds > 0, seconds <= 86_400 else {
                throw Invalid(setting: name, problem: "must be seconds in (0, 86400], got \"\(raw)\"")
            }
            return seconds
        }

        if let host = value("VTON_HOST") { config.host = host }
        if let port = try integer("VTON_PORT", 0...65535) { config.port = port }
        if let dir = value("VTON_DATA_DIR") { config.dataDirectory = dir }
        config.database = .sqliteFile(config.dataDirectory + "/vton.sqlite")
        if let url = value("DATABASE_URL") {
            do { config.database = try DatabaseLocation.parse(url) } catch {
                throw Invalid(setting: "DATABASE_URL", problem: error.description)
            }
        }
        if let env = value("VTON_ENV") {
            guard let parsed = DeploymentEnvironment(rawValue: env) else {
                throw Invalid(setting: "VTON_ENV", problem: "must be development or production, got \"\(env)\"")
            }
            config.environment = parsed
        }
        config.jwtSecret = value("VTON_JWT_SECRET")
        if let secret = config.jwtSecret, secret.utf8.count < 32 {
            throw Invalid(setting: "VTON_JWT_SECRET", problem: "must be at least 32 bytes long")
        }
        if config.environment == .production, config.jwtSecret == nil {
            throw Invalid(setting: "VTON_JWT_SECRET", problem: "is required when VTON_ENV=production")
        }
        config.adminPassword = value("VTON_ADMIN_PASSWORD")
        config.geminiAPIKey = value("GEMINI_API_KEY")
        if let base = value("GEMINI_BASE_URL") {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw Invalid(setting: "GEMINI_BASE_URL", problem: "must be an http(s) URL, got \"\(base)\"")
            }
            config.geminiBaseURL = base
        }
        if let model = value("GEMINI_MODEL") {
            guard let known = ModelCatalogue.model(id: model), !known.shutDown else {
                let why = ModelCatalogue.model(id: model) == nil ? "is not a known image model" : "has been shut down by Google"
                throw Invalid(
                    setting: "GEMINI_MODEL", problem: "\"\(model)\" \(why); use one of \(ModelCatalogue.current.map(\.id).joined(separator: ", "))")
            }
            config.defaultModel = model
        }
        if let workers = try integer("VTON_WORKER_CONCURRENCY", 1...1024) { config.workerConcurrency = workers }
        if let role = value("VTON_ROLE") {
            guard let known = ServerRole(rawValue: role) else {
                throw Invalid(setting: "VTON_ROLE", problem: "must be one of all, api, worker; got \"\(role)\"")
            }
            config.role = known
        }
        if let seconds = try positiveSeconds("VTON_SINGLETON_LEASE_S") { config.singletonLeaseSeconds = seconds }
        if let seconds = try positiveSeconds("VTON_TASK_LEASE_S") { config.leaseSeconds = seconds }
        if let seconds = try positiveSeconds("VTON_PROVIDER_TIMEOUT_S") { config.providerTimeoutSeconds = seconds }
        if let deadlines = value("VTON_PROVIDER_DEADLINES") {
            do { config.providerDeadlines = try ProviderDeadlines.parse(deadlines) } catch {
                throw Invalid(setting: "VTON_PROVIDER_DEADLINES", problem: error.description)
            }
        }
        if let megabytes = try integer("VTON_PROVIDER_MAX_RESPONSE_MB", 1...4096) { config.providerMaxResponseBytes = megabytes * 1024 * 1024 }
        if let dir = value("VTON_REFERENCE_DIR") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Invalid(setting: "VTON_REFERENCE_DIR", problem: "\"\(dir)\" is not an existing directory")
            }
            config.referenceDirectory = dir
        }
        if let seconds = try positiveSeconds("VTON_FETCH_TIMEOUT_S") { config.fetchTimeoutSeconds = seconds }
        if let latency = try integer("VTON_EMULATOR_LATENCY_MS", 0...600_000) { config.emulatorLatencyMilliseconds = latency }
        if let faults = value("VTON_EMULATOR_FAULTS") {
            config.emulatorFaultsText = faults
            do { config.emulatorFaults = try FaultPlan.parse(faults) } catch {
                throw Invalid(setting: "VTON_EMULATOR_FAULTS", problem: error.description)
            }
        }
        if let dir = value("VTON_PUBLIC_DIR") { config.publicDirectory = dir }
        if let side = try integer("VTON_MAX_IMAGE_SIDE", 256...16_384) { config.maxImageSide = side }
        if let megabytes = try integer("VTON_MAX_UPLOAD_MB", 1...500) { config.maxUploadBytes = megabytes * 1024 * 1024 }
        if let raw = value("VTON_RETENTION_DAYS") {
            guard let days = Double(raw), days > 0, days <= 36_500 else {
                throw Invalid(setting: "VTON_RETENTION_DAYS", problem: "must be a number of days in (0, 36500], got \"\(raw)\"; unset keeps files")
            }
            config.retentionSeconds = days * 86_400
        }
        if let seconds = try positiveSeconds("VTON_EMULATOR_BATCH_S") { config.emulatorBatchSeconds = seconds }
        if let billing = value("VTON_EMULATOR_BILLING") {
            do { config.emulatorBilling = try EmulatorConfiguration.parseBilling(billing) } catch {
                throw Invalid(setting: "VTON_EMULATOR_BILLING", problem: error.description)
            }
        }
        if let models = value("VTON_EMULATOR_MODELS") {
            do { config.emulatorModels = try EmulatorConfiguration.parseModels(models) } catch {
                throw Invalid(setting: "VTON_EMULATOR_MODELS", problem: error.description)
            }
        }
        if let seconds = try positiveSeconds("VTON_BATCH_POLL_S") { config.batchPollSeconds = seconds }
        if let seconds = try positiveSeconds("VTON_BATCH_LOST_AFTER_S") { config.batchLostAfterSeconds = seconds }
        if let size = try integer("VTON_ECONOMY_MAX_SIZE", 1...10_000) { config.economyMaxSize = size }
        if let bytes = try integer("VTON_BATCH_INLINE_LIMIT_BYTES", 1...20_000_000) { config.inlineBatchLimitBytes = bytes }
        if let bytes = try integer("VTON_BATCH_INLINE_RESULT_LIMIT_BYTES", 1...1_000_000_000) { config.inlineResultLimitBytes = bytes }
        if let seconds = try positiveSeconds("VTON_ECONOMY_MAX_AGE_S") { config.economyMaxAgeSeconds = seconds }
        if let signup = value("VTON_ALLOW_SIGNUP") {
            guard let allowed = ["true": true, "1": true, "false": false, "0": false][signup.lowercased()] else {
                throw Invalid(setting: "VTON_ALLOW_SIGNUP", problem: "must be true or false, got \"\(signup)\"")
            }
            config.allowSignup = allowed
        }
        if let credits = try integer("VTON_NEW_USER_CREDITS", 0...1_000_000_000) { config.newUserCredits = credits }
        if let raw = value("VTON_CREDIT_USD") {
            guard let usd = Double(raw), usd >= 0.000001, usd <= 1000 else {
                throw Invalid(setting: "VTON_CREDIT_USD", problem: "must be US dollars per credit in [0.000001, 1000], got \"\(raw)\"")
            }
            config.pricing = CreditPricing(microUSDPerCredit: Int((usd * 1_000_000).rounded()))
        }
        if let perMinute = try integer("VTON_QUOTA_TASKS_PER_MINUTE", 1...1_000_000) { config.defaultQuota.perMinute = perMinute }
        if let inFlight = try integer("VTON_QUOTA_TASKS_IN_FLIGHT", 1...1_000_000) { config.defaultQuota.inFlight = inFlight }
        if let failures = try integer("VTON_LOGIN_MAX_FAILURES", 2...1000) { config.loginMaxFailures = failures }
        if let seconds = try positiveSeconds("VTON_LOGIN_WINDOW_S") { config.loginWindowSeconds = seconds }
        config.webhooks = try WebhookSettings.load(from: value, environment: config.environment)
        config.storage = try StorageSettings.load(from: value)
        return config
    }
}
