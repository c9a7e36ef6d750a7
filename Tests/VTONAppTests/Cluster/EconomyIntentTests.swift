import Foundation
import GeminiClient
import Synchronization
import Testing

@testable import VTONApp

/// The economy pool records a batch's intent before sending it, so an answer lost between the
/// provider and the database (a crash, a broken connection) never sends, nor bills, a task twice.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct EconomyIntentTests {
    @Test(arguments: TestServer.databases)
    func aBatchWhoseAnswerWasLostIsFoundAgainAndRunsOnce(database: String) async throws {
        let provider = LosingProvider(.loseTheAnswer)
        try await run(database: database, provider: provider) { server, token, ids in
            for id in ids {
                let task = try await server.waitForTask(id, token: token)
                #expect(task["status"] as? String == "succeeded")
            }
            #expect(provider.createCalls == 1, "sent once")
            let jobs = try await provider.economyJobsAtTheProvider()
            #expect(jobs == 1, "one job at the provider")
        }
    }

    @Test(arguments: TestServer.databases)
    func aBatchTheProviderRefusedReturnsItsTasksToThePool(database: String) async throws {
        let provider = LosingProvider(.refuseTheFirst)
        try await run(database: database, provider: provider) { server, token, ids in
            for id in ids {
                let task = try await server.waitForTask(id, token: token)
                #expect(task["status"] as? String == "succeeded")
            }
            #expect(provider.createCalls == 2, "refused, then sent again")
            let jobs = try await provider.economyJobsAtTheProvider()
            #expect(jobs == 1)
        }
    }

    private func run(
        database: String, provider: LosingProvider, _ body: @Sendable (TestServer, String, [String]) async throws -> Void
    ) async throws {
        try await TestServer.run(
            database: database, users: ["erin"],
            configure: { configuration, overrides in
                configuration.economyMaxSize = 3
                configuration.economyMaxAgeSeconds = 60
                // An intent is looked for once older than two provider deadlines.
                configuration.providerTimeoutSeconds = 1
                overrides.providerDecorator = { provider.wrapping($0) }
            }
        ) { server in
            let token = try await server.login("erin", password: "password1")
            var ids: [String] = []
            for index in 0..<3 { ids.append(try await server.createTask(["prompt": "pooled \(index)", "priority": "economy"], token: token)) }
            try await body(server, token, ids)
        }
    }
}

/// The embedded emulator's client, with the first economy batch's creation going wrong.
final class LosingProvider: ProviderAPI {
    enum Fault { case loseTheAnswer, refuseTheFirst }

    private let fault: Fault
    private let state = Mutex<(inner: (any ProviderAPI)?, creates: Int)>((nil, 0))

    init(_ fault: Fault) { self.fault = fault }

    func wrapping(_ inner: any ProviderAPI) -> any ProviderAPI {
        state.withLock { $0.inner = inner }
        return self
    }

    var createCalls: Int { state.withLock { $0.creates } }
    private var inner: any ProviderAPI { state.withLock { $0.inner! } }

    func economyJobsAtTheProvider() async throws -> Int {
        try await inner.listBatches(pageSize: 100, pageToken: nil).jobs.filter { $0.displayName?.hasPrefix("vton-economy-") == true }.count
    }

    func createBatch(
        model: String, displayName: String, requests: [(key: String, request: GenerateContentRequest)], expectedResultBytes: Int
    ) async throws(GeminiError) -> BatchJob {
        let call = state.withLock {
            $0.creates += 1; return $0.creates
        }
        if call == 1, fault == .refuseTheFirst { throw .http(status: 503, statusName: "UNAVAILABLE", message: "try later", retryDelay: nil) }
        let job = try await inner.createBatch(model: model, displayName: displayName, requests: requests, expectedResultBytes: expectedResultBytes)
        if call == 1, fault == .loseTheAnswer { throw .connectionLost("the answer never arrived") }
        return job
    }

    func generate(model: String, request: GenerateContentRequest, deadline: Duration) async throws(GeminiError) -> GenerationReply {
        try await inner.generate(model: model, request: request, deadline: deadline)
    }
    func getBatch(_ name: String) async throws(GeminiError) -> BatchJob { try await inner.getBatch(name) }
    func cancelBatch(_ name: String) async throws(GeminiError) { try await inner.cancelBatch(name) }
    func deleteBatch(_ name: String) async throws(GeminiError) { try await inner.deleteBatch(name) }
    func listBatches(pageSize: Int, pageToken: String?) async throws(GeminiError) -> (jobs: [BatchJob], nextPageToken: String?) {
        try await inner.listBatches(pageSize: pageSize, pageToken: pageToken)
    }
    func forEachResult(of job: BatchJob, _ handle: @Sendable (BatchItemResult) async throws -> Void) async throws {
        try await inner.forEachResult(of: job, handle)
    }
    func listModels() async throws(GeminiError) -> [ProviderModel] { try await inner.listModels() }
}
