import AsyncHTTPClient
import Foundation
import GeminiClient
import GeminiEmulator
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import VTONDomain
import VTONImaging
import VTONPersistence

/// What tests (and only tests) replace in an otherwise real application.
public struct AppOverrides: Sendable {
    public var provider: (any ProviderAPI)?
    /// Wraps the real provider (the embedded emulator's client), to lose or fail some of its answers.
    public var providerDecorator: (@Sendable (any ProviderAPI) -> any ProviderAPI)?
    public var emulatorJournal: RequestJournal?
    public var workerOwner: String?
    public var bcryptCost: UInt8 = 10
    public var heartbeatInterval: Duration = .seconds(30)
    public var idleTimeout: Duration = .seconds(90)
    /// How long a connection may stay open without sending a byte (`SilentConnectionCloser`).
    public var silentConnectionDeadline: Duration = .seconds(30)
    /// Resolves reference URL hosts instead of the system resolver.
    var hostResolver: (any HostResolving)?
    /// Loopback addresses on these ports may be fetched as reference URLs (a test's fixture server).
    var allowedLoopbackPorts: Set<Int> = []
    /// Receives every registered route as "METHOD /path", so a test can check the API docs cover them.
    public var routesObserver: (@Sendable ([String]) -> Void)?
    /// Off only to measure what the permission and audit middleware cost (`bench/access.py`).
    public var accessControl = true
    /// Off: the in-process emulator draws without grain (see `EmulatorConfiguration.grain`).
    public var emulatorGrain = true
    /// How long an identified user's row is reused before it is read again (`RecentUsers`).
    public var recentUserLifetime: Duration = .seconds(1)
    /// How long an idle worker waits before it looks at the queue unwoken (`WorkerConfiguration`).
    public var workerIdleRecheck: Duration = .seconds(1)

    public init() {}
}

/// Builds the whole server: database, provider (Gemini or the embedded emulator), worker,
/// routes and WebSocket, as one application whose services share a graceful shutdown.
public func buildApplication(
    _ configuration: AppConfiguration, overrides: AppOverrides = .init(), logger: Logger = Logger(label: "vton")
) async throws -> some ApplicationProtocol {
    try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    let connection = try DatabaseConnection(location: configuration.database, name: "vton \(configuration.role.rawValue)", logger: logger)
    // Worker calls, batch polls and result downloads may all be in flight at once.
    let providerHTTP = ProviderHTTPClient(connections: configuration.workerConcurrency + 8)
    do {
        return try await assemble(configuration, connection: connection, providerHTTP: providerHTTP, overrides: overrides, logger: logger)
    } catch {
        // Closed here when start-up fails: an HTTP client dropped unclosed stops the process.
        try? await providerHTTP.client.shutdown()
        await connection.shutdown()
        throw error
    }
}

private func assemble(
    _ configuration: AppConfiguration, connection: DatabaseConnection, providerHTTP: ProviderHTTPClient, overrides: AppOverrides,
    logger: Logger
) async throws -> some ApplicationProtocol {
    try await connection.migrate()
    var services: [any Service] = [DatabaseLifecycle(connection: connection)]

    let secret = try SecretStore.jwtSecret(configured: configuration.jwtSecret, dataDirectory: configuration.dataDirectory)
    let users = FluentUserRepository(connection: connection)
    let tasks = FluentTaskRepository(connection: connection)
    let files = FluentFileRepository(connection: connection)
    services.append(providerHTTP)
    let blobs = try configuredBlobStore(configuration, httpClient: providerHTTP.client, logger: logger)
    let apiKeyRecords = FluentAPIKeyRepository(connection: connection)
    let credits = FluentCreditRepository(connection: connection)
    let audit = FluentAuditRepository(connection: connection)
    let tokens = await TokenService(secret: secret, lifetime: configuration.tokenLifetimeSeconds)
    let hasher = PasswordHasher(cost: overrides.bcryptCost)
    let roles = RoleCatalogue(repository: FluentRoleRepository(connection: connection))
    let sockets = LiveSockets()
    let signup = SignupPolicy(allowed: configuration.allowSignup, newUserCredits: configuration.newUserCredits)
    let recentUsers = RecentUsers(lifetime: overrides.recentUserLifetime)
    let directory = UserDirectory(
        users: users, roles: roles, apiKeys: apiKeyRecords, hasher: hasher, sockets: sockets, recentUsers: recentUsers, signup: signup)
    // Counted where every process answering logins sees them; one SQLite process keeps them in memory.
    let throttle = LoginThrottle(
        policy: LoginThrottle.Policy(maxFailures: configuration.loginMaxFailures, window: configuration.loginWindowSeconds),
        attempts: connection.isSQLite ? InMemoryLoginAttempts() : SQLLoginAttemptLog(connection: connection))
    let accounts = try await AccountService(
        users: users, directory: directory, hasher: hasher, tokens: tokens, throttle: throttle)
    try await accounts.prepareAdmin(configuredPassword: configuration.adminPassword, environment: configuration.environment, logger: logger)
    let apiKeys = APIKeyService(keys: apiKeyRecords)
    let admission = TaskAdmission(tasks: tasks, users: users, pricing: configuration.pricing, defaultQuota: configuration.defaultQuota)
    let auditRecorder = AuditRecorder(repository: audit, flushInterval: configuration.auditFlushInterval, logger: logger)
    services.append(auditRecorder)

    let (madeProvider, providerMode, emulator) = try await makeProvider(
        configuration, httpClient: providerHTTP.client, overrides: overrides, logger: logger)
    let provider = overrides.providerDecorator?(madeProvider) ?? madeProvider
    if let emulator { services.append(emulator) }
    let models = ProviderModels(defaultModel: configuration.defaultModel)
    services.append(ModelDiscovery(provider: provider, models: models, logger: logger))
    let health = ProviderHealth()

    let metrics = AppMetrics()
    let workerOwner = overrides.workerOwner ?? "worker-\(UUID().uuidString.prefix(8))"
    let (bus, busService) = try makeEventBus(configuration.database, log: tasks, metrics: metrics, owner: workerOwner, logger: logger)
    if let busService { services.append(busService) }
    let signal = WorkSignal()
    // A task queued by another process (an `api` one) wakes this process's worker at once,
    // where it would otherwise wait for its next look at the queue.
    if configuration.role.runsWork, busService != nil { _ = bus.subscribeAll { if $0.status == .queued { signal.notify() } } }
    let running = RunningTasks()
    let signer = URLSigner(secret: secret)
    let authenticator = Authenticator(tokens: tokens, users: users, recentUsers: recentUsers, roles: roles, apiKeys: apiKeys)
    let thumbnails = ThumbnailService(blobs: blobs, logger: logger)
    services.append(thumbnails)
    let intake = ImageIntake(
        blobs: blobs, files: files, maxBytes: configuration.maxUploadBytes, limits: ImageLimits(),
        normaliser: ImageNormaliser(maxSide: configuration.maxImageSide), thumbnails: thumbnails)
    let templates = FluentPromptTemplateRepository(connection: connection)
    let requests = ProviderRequestBuilder(files: files, blobs: blobs, templates: templates)
    let completion = TaskCompletion(blobs: blobs, files: files, thumbnails: thumbnails, pricing: configuration.pricing, logger: logger)
    let batches = FluentBatchRepository(connection: connection)
    let addressGuard = PublicAddressGuard(
        resolver: overrides.hostResolver ?? SystemHostResolver(), allowedLoopbackPorts: overrides.allowedLoopbackPorts)
    let fetcher = RemoteImageFetcher(
        addressGuard: addressGuard, maxBytes: configuration.maxUploadBytes, timeoutSeconds: configuration.fetchTimeoutSeconds, logger: logger)
    let references = ReferenceResolver(
        intake: intake, files: files, fetcher: fetcher, referenceDirectory: configuration.referenceDirectory)
    let pollerSignal = WorkSignal()
    let economySignal = WorkSignal()
    let webhooks = FluentWebhookRepository(connection: connection)
    let webhookSecrets = WebhookSecretBox(serverSecret: secret)
    let webhookRegistrar = WebhookRegistrar(webhooks: webhooks, addressGuard: addressGuard, settings: configuration.webhooks)
    let batchService = BatchService(
        batches: batches, tasks: tasks, provider: provider, references: references, requests: requests, bus: bus, pollerSignal: pollerSignal,
        admission: admission, models: models, pollSeconds: configuration.batchPollSeconds, webhooks: webhookRegistrar, logger: logger)
    let reclaimer = FileReclaimer(files: files, tasks: tasks, blobs: blobs)
    let durations = RunDurations()
    let taskService = TaskService(
        tasks: tasks, references: references, reclaimer: reclaimer, bus: bus, signal: signal, economySignal: economySignal,
        running: running, admission: admission, models: models, webhooks: webhookRegistrar)
    if configuration.role.runsWork {
        let leases = FluentLeaseRepository(connection: connection)
        func onlyOne(_ name: String, _ service: any Service) -> any Service {
            SingletonService(
                name: name, service: service, leases: leases, holder: workerOwner, leaseSeconds: configuration.singletonLeaseSeconds,
                logger: logger)
        }
        services.append(
            WebhookDispatcher(
                webhooks: webhooks, tasks: RepositoryTaskLookup(tasks: tasks), secrets: webhookSecrets,
                sender: HTTPWebhookSender(
                    addressGuard: addressGuard, allowLoopback: configuration.webhooks.allowLoopback,
                    timeoutSeconds: configuration.webhooks.timeoutSeconds,
                    logger: logger),
                signer: signer, bus: bus, settings: configuration.webhooks, owner: workerOwner, logger: logger))
        if let lifetime = configuration.retentionSeconds {
            services.append(
                onlyOne("retention", RetentionService(files: files, tasks: tasks, reclaimer: reclaimer, lifetimeSeconds: lifetime, logger: logger)))
        }
        services.append(
            contentsOf: [
                TaskWorker(
                    tasks: tasks, provider: provider, requests: requests, completion: completion, bus: bus, signal: signal, running: running,
                    durations: durations, metrics: metrics, health: health,
                    configuration: WorkerConfiguration(
                        concurrency: configuration.workerConcurrency, leaseSeconds: configuration.leaseSeconds,
                        retryPolicy: configuration.retryPolicy,
                        deadlines: configuration.providerDeadlines, owner: workerOwner, idleRecheck: overrides.workerIdleRecheck),
                    logger: logger),
                onlyOne(
                    "batch-poller",
                    BatchPoller(
                        batches: batches, tasks: tasks, provider: provider, completion: completion, bus: bus, signal: pollerSignal, metrics: metrics,
                        pollSeconds: configuration.batchPollSeconds, lostAfterSeconds: configuration.batchLostAfterSeconds, owner: workerOwner,
                        logger: logger)),
                onlyOne(
                    "economy-pool",
                    EconomyPool(
                        tasks: tasks, batches: batches, provider: provider, requests: requests, bus: bus, signal: economySignal,
                        pollerSignal: pollerSignal, workerSignal: signal, maxSize: configuration.economyMaxSize,
                        maxAgeSeconds: configuration.economyMaxAgeSeconds, pollSeconds: configuration.batchPollSeconds,
                        intentGraceSeconds: configuration.providerTimeoutSeconds * 2, logger: logger)),
            ])
    }

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: GzipAssetsMiddleware())
    router.add(middleware: FileMiddleware(configuration.publicDirectory, searchForIndexHtml: true, logger: logger))
    OperationsController(
        tasks: tasks, blobs: blobs, metrics: metrics, sockets: sockets, health: health, openAPI: OpenAPIDocument.json(),
        providerMode: providerMode, models: models, allowSignup: configuration.allowSignup
    ).addRoutes(to: router)
    // Everything a client calls; a worker answers health and metrics only.
    if configuration.role.servesAPI {
        WebSocketController(authenticator: authenticator, tasks: tasks, bus: bus, sockets: sockets, signer: signer).addRoutes(to: router)
        services.append(HeartbeatService(sockets: sockets, interval: overrides.heartbeatInterval, idleTimeout: overrides.idleTimeout))

        // Who calls, then the audit log (which sees refusals too), then the one permission check.
        let api = router.group("api/v1").add(middleware: NULGuardMiddleware())
            .add(middleware: BodyLimitMiddleware(maxUploadBytes: configuration.maxUploadBytes))
            .add(middleware: IdentifyMiddleware(authenticator: authenticator))
        if overrides.accessControl {
            api.add(middleware: AuditMiddleware(recorder: auditRecorder)).add(middleware: AuthorizeMiddleware())
        }
        AuthController(accounts: accounts, users: users, roles: roles).addRoutes(to: api.group("base"))
        FileController(files: files, blobs: blobs, signer: signer).addRoutes(to: api.group("files"))
        TaskController(
            service: taskService, tasks: tasks, files: files, signer: signer,
            queue: QueueEstimator(
                tasks: tasks, durations: durations, workers: configuration.workerConcurrency, economyMaxSize: configuration.economyMaxSize,
                economyMaxAgeSeconds: configuration.economyMaxAgeSeconds)
        ).addRoutes(to: api.group("images"))
        BatchController(service: batchService, batches: batches, signer: signer).addRoutes(to: api.group("images"))
        ExportController(tasks: tasks, batches: batches, files: files, blobs: blobs).addRoutes(to: api.group("images"))
        PromptTemplateController(templates: templates).addRoutes(to: api.group("prompt-templates"))
        UploadController(intake: intake, signer: signer).addRoutes(to: api.group("uploads"))
        UserAdminController(directory: directory, users: users, roles: roles).addRoutes(to: api.group("user"))
        RoleController(roles: roles).addRoutes(to: api.group("role"))
        APIKeyController(service: apiKeys, keys: apiKeyRecords).addRoutes(to: api.group("api-keys"))
        CreditController(credits: credits, users: users, tasks: tasks, pricing: configuration.pricing).addRoutes(to: api.group("credits"))
        AuditController(audit: audit).addRoutes(to: api.group("auditlog"))
        SystemController(tasks: tasks, health: health, providerMode: providerMode, models: models).addRoutes(to: api.group("system"))
        ModelController(models: models, pricing: configuration.pricing).addRoutes(to: api.group("models"))
        WebhookController(webhooks: webhooks, tasks: tasks, secrets: webhookSecrets).addRoutes(to: api)
        ShareController(shares: ShareLinkRepository(connection: connection), tasks: tasks, signer: signer).addRoutes(to: api)
    }

    overrides.routesObserver?(router.routes.map { "\($0.method) \($0.path)" })
    logger.info("provider", metadata: ["mode": "\(providerMode)", "model": "\(configuration.defaultModel)"])
    return Application(
        router: router,
        // The contract's own heartbeat (API.md §3) keeps sockets alive and drops silent clients;
        // protocol pings on top cost every socket a task and a timer of their own.
        server: HTTPServerBuilder { [webSocketResponder = router.buildResponder()] responder in
            ClosingSilentConnections(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(http1: .init(additionalChannelHandlers: [UnreadBodyHandler()]), ws: .init(autoPing: .disabled))),
                deadline: TimeAmount(overrides.silentConnectionDeadline))
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vton-lab"),
        services: services,
        logger: logger)
}

/// The real Gemini client, pointed at Google with a key, at `GEMINI_BASE_URL`, or at an
/// emulator started here on loopback.
private func makeProvider(
    _ configuration: AppConfiguration, httpClient: HTTPClient, overrides: AppOverrides, logger: Logger
) async throws -> (any ProviderAPI, String, (any Service)?) {
    if let provider = overrides.provider { return (provider, "test", nil) }
    func client(baseURL: String, key: String) -> GeminiRESTClient {
        GeminiRESTClient(
            configuration: GeminiConfiguration(
                baseURL: baseURL, apiKey: key, timeoutSeconds: configuration.providerTimeoutSeconds,
                maxResponseBytes: configuration.providerMaxResponseBytes, inlineBatchLimit: configuration.inlineBatchLimitBytes,
                inlineResultLimit: configuration.inlineResultLimitBytes),
            httpClient: httpClient, logger: logger)
    }
    if let key = configuration.geminiAPIKey {
        return (client(baseURL: configuration.geminiBaseURL ?? GeminiConfiguration.googleBaseURL, key: key), "gemini", nil)
    }
    if let baseURL = configuration.geminiBaseURL {
        return (client(baseURL: baseURL, key: EmbeddedEmulator.apiKey), "emulator", nil)
    }
    let reservation = try LoopbackPortReservation()
    let port = reservation.port
    let baseURL = "http://127.0.0.1:\(port)"
    // Its batches outlive a restart of the server, as Google's do.
    let emulatorDirectory = configuration.dataDirectory + "/emulator"
    if let executable = configuration.emulatorExecutable {
        var arguments = [
            "emulator", "--port", String(port), "--latency-ms", String(configuration.emulatorLatencyMilliseconds),
            "--batch-phase-s", String(configuration.emulatorBatchSeconds), "--parent-pid", String(getpid()),
            "--billing", configuration.emulatorBilling ? "on" : "off", "--data-dir", emulatorDirectory,
        ]
        if let faults = configuration.emulatorFaultsText { arguments += ["--faults", faults] }
        if let models = configuration.emulatorModels { arguments += ["--models", models.sorted().joined(separator: ",")] }
        let process = EmulatorProcess(executable: executable, arguments: arguments, port: reservation, logger: logger)
        return (client(baseURL: baseURL, key: EmbeddedEmulator.apiKey), "emulator", process)
    }
    var emulatorConfiguration = EmulatorConfiguration(
        host: "127.0.0.1", port: port, latencyMilliseconds: configuration.emulatorLatencyMilliseconds, faults: configuration.emulatorFaults,
        batchPhaseSeconds: configuration.emulatorBatchSeconds, billing: configuration.emulatorBilling, models: configuration.emulatorModels,
        dataDirectory: emulatorDirectory)
    emulatorConfiguration.grain = overrides.emulatorGrain
    let emulator = EmulatorServer.buildApplication(
        configuration: emulatorConfiguration,
        journal: overrides.emulatorJournal ?? RequestJournal(), logger: Logger(label: "vton.emulator"))
    return (client(baseURL: baseURL, key: EmbeddedEmulator.apiKey), "emulator", InProcessEmulator(application: emulator, port: reservation))
}
