import Foundation
import GeminiEmulator
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import VTONApp

/// `serve --role api` and `--role worker` on one database: the api process takes the tasks,
/// the worker process runs them, and each does only its own part.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RoleTests {
    @Test(arguments: TestServer.databases)
    func anAPIProcessTakesTasksThatOnlyAWorkerProcessRuns(database: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-roles-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // One data directory: on one machine the two processes share the local blob store.
        var shared = TestServer.configuration(dataDirectory: directory)
        if let fresh = try await TestServer.fresh(database) { shared.database = fresh }
        let database = shared.database
        let apiJournal = RequestJournal()
        let workerJournal = RequestJournal()
        let api = try await Self.process(.api, shared, journal: apiJournal)
        let worker = try await Self.process(.worker, shared, journal: workerJournal)

        try await worker.test(.live) { workerClient in
            try await api.test(.live) { apiClient in
                let front = TestServer(client: apiClient, dataDirectory: directory, database: database, journal: apiJournal)
                let back = TestServer(client: workerClient, dataDirectory: directory, database: database, journal: workerJournal)
                let token = try await front.login()

                #expect(try await back.request(.get, "/healthz").status == .ok)
                #expect(try await back.request(.get, "/metrics").status == .ok)
                #expect(try await back.request(.get, "/api/v1/images", token: token).status == .notFound, "a worker serves no API")
                #expect(
                    try await back.request(.post, "/api/v1/base/access_token", json: ["username": "admin", "password": "123456"]).status == .notFound)

                var ids: [String] = []
                for index in 0..<6 { ids.append(try await front.createTask(["prompt": "role split \(index)"], token: token)) }
                for id in ids {
                    let task = try await front.waitForTask(id, token: token)
                    #expect(task["status"] as? String == "succeeded")
                    let url = try #require(((task["result"] as? [String: Any])?["images"] as? [[String: Any]])?.first?["url"] as? String)
                    #expect(try await front.request(.get, url).status == .ok, "the api process serves what the worker stored")
                }
                let prompts = await workerJournal.received.compactMap { $0.request.contents.last?.parts?.compactMap(\.text).joined() }
                for index in 0..<6 { #expect(prompts.filter { $0.contains("role split \(index)") }.count == 1, "one provider call each") }
                #expect(await apiJournal.received.isEmpty, "the api process called no provider")
            }
        }
    }

    /// A task made on the api process starts at once on a worker that would not look at the
    /// queue unwoken for ten minutes: PostgreSQL's events wake it.
    @Test(.enabled(if: TestServer.database == "postgres"))
    func aTaskQueuedOnTheAPIProcessWakesAWorkerProcess() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-wake-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var shared = TestServer.configuration(dataDirectory: directory)
        shared.database = try await TestServer.freshPostgres()
        let database = shared.database
        let journal = RequestJournal()
        let api = try await Self.process(.api, shared, journal: journal)
        let worker = try await Self.process(.worker, shared, journal: journal, idleRecheck: .seconds(600))
        try await worker.test(.live) { _ in
            try await api.test(.live) { apiClient in
                let front = TestServer(client: apiClient, dataDirectory: directory, database: database, journal: journal)
                let token = try await front.login()
                // Past the worker's first look at the empty queue: from here only a wake starts work.
                try await Task.sleep(for: .seconds(2))
                let id = try await front.createTask(["prompt": "wake the worker"], token: token)
                let finished = try await eventually(within: .seconds(30)) {
                    let task = try await front.task(id, token: token)
                    return task["status"] as? String == "succeeded" ? task : nil
                }
                #expect(finished != nil, "the worker never started the task")
            }
        }
    }

    static func process(
        _ role: ServerRole, _ shared: AppConfiguration, journal: RequestJournal, idleRecheck: Duration = .seconds(1)
    ) async throws -> some ApplicationProtocol {
        var configuration = shared
        configuration.role = role
        var overrides = AppOverrides()
        overrides.bcryptCost = 4
        overrides.emulatorGrain = false
        overrides.emulatorJournal = journal
        overrides.workerIdleRecheck = idleRecheck
        var logger = Logger(label: "test.roles")
        logger.logLevel = .warning
        return try await buildApplication(configuration, overrides: overrides, logger: logger)
    }
}
