import Foundation
import Logging
import SQLKit
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// Two servers on one PostgreSQL, as an `api` process and a worker process: a socket on the one
/// that runs nothing hears every update of the tasks the other runs, through a lost connection.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: ProcessInfo.processInfo.environment["VTON_TEST_POSTGRES_URL"] != nil))
struct CrossProcessEventTests {
    static let secret = String(repeating: "cross-process-secret-", count: 2)

    @Test func aSocketOnAnotherProcessGetsEveryUpdateInOrderThroughALostConnection() async throws {
        let database = try await TestServer.freshPostgres()
        let listener = "vton events api-a"
        try await TestServer.run(
            users: ["ann"],
            configure: { configuration, overrides in
                configuration.database = database
                configuration.jwtSecret = Self.secret
                configuration.workerConcurrency = 0
                overrides.workerOwner = "api-a"
            }
        ) { api in
            try await TestServer.run(
                configure: { configuration, _ in
                    configuration.database = database
                    configuration.jwtSecret = Self.secret
                    configuration.emulatorLatencyMilliseconds = 400
                }
            ) { worker in
                let token = try await api.login("ann", password: "password1")
                try await api.socket(token: token) { socket in
                    try await socket.ready()
                    var taskIDs: [String] = []
                    for index in 0..<4 { taskIDs.append(try await worker.createTask(["prompt": "cross \(index)"], token: token)) }
                    _ = try await socket.read { $0["type"] as? String == "task_update" && $0["status"] as? String == "running" }

                    // The api process's listener is cut, again and again, while tasks are made and run.
                    let killer = Task { try await Self.terminate(applicationName: listener, on: database, for: .milliseconds(1500)) }
                    for index in 4..<8 { taskIDs.append(try await worker.createTask(["prompt": "cross \(index)"], token: token)) }
                    let terminated = try await killer.value
                    #expect(terminated >= 1, "the api process's listening connection was never found")

                    var open = Set(taskIDs.map { $0.lowercased() })
                    while !open.isEmpty {
                        let message = try #require(try await socket.next(), "socket closed with \(open.count) tasks unfinished")
                        guard message["type"] as? String == "task_update", let id = (message["task_id"] as? String)?.lowercased() else { continue }
                        if ["succeeded", "failed", "canceled"].contains(message["status"] as? String ?? "") { open.remove(id) }
                    }
                    let received = socket.received.filter { $0["type"] as? String == "task_update" }.compactMap { $0["event_id"] as? Int }
                    let written = try await Self.eventIDs(of: "ann", on: database)
                    #expect(received.count == Set(received).count, "an update arrived twice")
                    #expect(Set(received) == Set(written), "missing \(Set(written).subtracting(received).sorted())")
                    for id in taskIDs {
                        let statuses = socket.received.filter { ($0["task_id"] as? String)?.lowercased() == id.lowercased() && $0["event_id"] != nil }
                        let ids = statuses.compactMap { $0["event_id"] as? Int }
                        #expect(ids == ids.sorted(), "task \(id)'s updates out of order")
                        #expect(statuses.first?["status"] as? String == "queued")
                        #expect(statuses.last?["status"] as? String == "succeeded")
                    }
                }
                let metrics = String(decoding: try await api.request(.get, "/metrics").data, as: UTF8.self)
                let failures = metrics.split(separator: "\n").first { $0.hasPrefix("vton_event_listener_failures_total") }
                #expect((failures?.split(separator: " ").last.flatMap { Double($0) } ?? 0) >= 1, "\(failures ?? "no metric")")
            }
        }
    }

    /// Terminates every backend named `applicationName` as it reappears, for `duration`; how many were.
    static func terminate(applicationName: String, on database: DatabaseLocation, for duration: Duration) async throws -> Int {
        var logger = Logger(label: "test.terminate")
        logger.logLevel = .warning
        let connection = try DatabaseConnection(location: database, logger: logger)
        var terminated = 0
        do {
            let sql = try connection.database as! any SQLDatabase
            let end = ContinuousClock.now + duration
            while ContinuousClock.now < end {
                terminated += try await sql.raw(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(bind: applicationName)"
                ).all().count
                try await Task.sleep(for: .milliseconds(50))
            }
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
        return terminated
    }

    static func eventIDs(of username: String, on database: DatabaseLocation) async throws -> [Int] {
        var logger = Logger(label: "test.events")
        logger.logLevel = .warning
        let connection = try DatabaseConnection(location: database, logger: logger)
        do {
            let user = try #require(try await FluentUserRepository(connection: connection).find(username: username))
            let events = try await FluentTaskRepository(connection: connection).events(userID: user.id, after: 0, limit: 10_000)
            await connection.shutdown()
            return events.map(\.id)
        } catch {
            await connection.shutdown()
            throw error
        }
    }
}
