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
        if database == "postgres" { shared.database = try await TestServer.freshPostgres() }
        var logger = Logger(label: "test.roles")
        logger.logLevel = .warning
        func process(_ role: ServerRole, journal: RequestJournal) async throws -> some ApplicationProtocol {
            var configuration = shared
            configuration.role = role
            var overrides = AppOverrides()
            overrides.bcryptCost = 4
            overrides.emulatorGrain = false
            overrides.emulatorJournal = journal
            return try await buildApplication(configuration, overrides: overrides, logger: logger)
        }
        let apiJournal = RequestJournal()
        let workerJournal = RequestJournal()
        let api = try await process(.api, journal: apiJournal)
        let worker = try await process(.worker, journal: workerJournal)

        try await worker.test(.live) { workerClient in
            try await api.test(.live) { apiClient in
                let front = TestServer(client: apiClient, dataDirectory: directory, journal: apiJournal)
                let back = TestServer(client: workerClient, dataDirectory: directory, journal: workerJournal)
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
}
