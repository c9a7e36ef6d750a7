import Foundation
import GeminiClient
import Logging
import Testing
import VTONDomain
import VTONImaging
import VTONPersistence

@testable import VTONApp

/// `TaskService` and `TaskWorker` built as `buildApplication` builds them, on the in-memory
/// repositories and a scripted provider: no database, no HTTP server, milliseconds a test.
struct ServiceHarness {
    static let model = "gemini-3-pro-image"

    let database = InMemoryDatabase()
    let files = InMemoryFileRepository()
    let blobs = InMemoryBlobStore()
    let bus = RecordingEventBus()
    let signal = WorkSignal()
    let economySignal = WorkSignal()
    let running = RunningTasks()
    let logger = Logger(label: "test.services")
    let service: TaskService

    var tasks: InMemoryTaskRepository { InMemoryTaskRepository(database: database) }
    var users: InMemoryUserRepository { InMemoryUserRepository(database: database) }

    init() {
        let tasks = InMemoryTaskRepository(database: database)
        let thumbnails = ThumbnailService(blobs: blobs, logger: logger)
        let intake = ImageIntake(
            blobs: blobs, files: files, maxBytes: 1 << 20, limits: ImageLimits(), normaliser: ImageNormaliser(), thumbnails: thumbnails)
        let addressGuard = PublicAddressGuard(resolver: SystemHostResolver(), allowedLoopbackPorts: [])
        let fetcher = RemoteImageFetcher(addressGuard: addressGuard, maxBytes: 1 << 20, timeoutSeconds: 1, logger: logger)
        service = TaskService(
            tasks: tasks, references: ReferenceResolver(intake: intake, files: files, fetcher: fetcher, referenceDirectory: nil),
            reclaimer: FileReclaimer(files: files, tasks: tasks, blobs: blobs), bus: bus, signal: signal, economySignal: economySignal,
            running: running,
            admission: TaskAdmission(
                tasks: tasks, users: InMemoryUserRepository(database: database), pricing: CreditPricing(),
                defaultQuota: TaskQuota(perMinute: 120, inFlight: 200)),
            models: ProviderModels(defaultModel: Self.model),
            webhooks: WebhookRegistrar(webhooks: InMemoryWebhookRepository(), addressGuard: addressGuard, settings: WebhookSettings()))
    }

    /// A caller with an account holding `credits`, a member of `roles`.
    func caller(credits: Int = 1_000, roles: [Role] = [.builtinUser], superuser: Bool = false) async throws -> Identity {
        let user = User(
            username: "u-\(UUID().uuidString.prefix(8))", email: nil, passwordHash: "x", isSuperuser: superuser, roleIDs: roles.map(\.id))
        try await users.create(user, grant: credits, actorID: nil)
        return Identity(user: try await users.stored(user), roles: roles)
    }

    func balance(of caller: Identity) async throws -> Int {
        try await users.stored(caller.user).credits
    }

    /// A worker on these repositories whose provider is `provider`; it retries at once.
    func worker(_ provider: any ImageGenerating, maxAttempts: Int = 5, logger: Logger? = nil) -> TaskWorker {
        let logger = logger ?? self.logger
        let thumbnails = ThumbnailService(blobs: blobs, logger: logger)
        return TaskWorker(
            tasks: tasks, provider: provider, requests: ProviderRequestBuilder(files: files, blobs: blobs, templates: InMemoryPromptTemplates()),
            completion: TaskCompletion(blobs: blobs, files: files, thumbnails: thumbnails, pricing: CreditPricing(), logger: logger), bus: bus,
            signal: signal, running: running, durations: RunDurations(), metrics: AppMetrics(), health: ProviderHealth(),
            configuration: WorkerConfiguration(
                concurrency: 1, leaseSeconds: 30, retryPolicy: RetryPolicy(maxAttempts: maxAttempts, initialDelay: 0, maxDelay: 0, jitter: 0)),
            logger: logger)
    }

    /// Runs the caller's queued task to its end on `worker`, as its dispatch loop would.
    func run(_ task: ImageTask, on worker: TaskWorker) async throws -> ImageTask {
        let claimed = try await tasks.claim(owner: worker.configuration.owner, leaseSeconds: 30, limit: 1)
        let leased = try #require(claimed.first?.task)
        #expect(leased.id == task.id)
        await worker.process(leased)
        return try #require(try await tasks.find(id: task.id))
    }
}
