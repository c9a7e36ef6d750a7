import Foundation
import SQLKit
import Testing
import VTONDomain

@testable import VTONMySQL
@testable import VTONPersistence

/// Counts the runs of the transactions of a test, and holds each run after its first lock
/// until both transactions hold one.
private actor Rendezvous {
    private(set) var runs = 0
    private var arrived = 0

    func started() { runs += 1 }

    func arriveAndWaitForTheOther() async throws {
        arrived += 1
        let deadline = Date().addingTimeInterval(10)
        while arrived < 2 {
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

@Suite struct TransactionRetryTests {
    @Test func aTransactionBrokenOffByADeadlockRunsAgainAndAnyOtherFailureDoesNot() async throws {
        let deadlock = MySQLError(code: 1213, sqlState: "40001", message: "Deadlock found when trying to get lock")
        var runs = 0
        let answer = try await TransactionRetry.run {
            runs += 1
            if runs == 1 { throw deadlock }
            return "done"
        }
        #expect(answer == "done" && runs == 2)

        runs = 0
        await #expect(throws: MySQLError.self) {
            try await TransactionRetry.run { () async throws -> Int in
                runs += 1
                throw deadlock
            }
        }
        #expect(runs == TransactionRetry.attempts)

        runs = 0
        let duplicate = MySQLError(code: 1062, sqlState: "23000", message: "Duplicate entry")
        await #expect(throws: MySQLError.self) {
            try await TransactionRetry.run { () async throws -> Int in
                runs += 1
                throw duplicate
            }
        }
        #expect(runs == 1)
    }
}

extension RepositoryTests {
    /// Two transactions that lock two users' rows in opposite orders: the database breaks one
    /// off, and it runs again and commits. SQLite has one writer, so it has no such deadlock.
    @Test(arguments: locations.filter { $0 != "sqlite" })
    func transactionsInADeadlockBothCommit(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let other = User(username: "o-\(UUID().uuidString.prefix(8))", email: nil, passwordHash: "x", isSuperuser: false)
            try await FluentUserRepository(connection: connection).create(other, grant: 0, actorID: nil)
            let rendezvous = Rendezvous()
            let database = try connection.database
            @Sendable func lock(_ first: UUID, then second: UUID) async throws {
                try await TransactionRetry.run {
                    try await database.transaction { database in
                        await rendezvous.started()
                        let sql = database as! any SQLDatabase
                        for (index, id) in [first, second].enumerated() {
                            _ = try await sql.select().column("id").from("users").where("id", .equal, id).for(.update).all()
                            if index == 0 { try await rendezvous.arriveAndWaitForTheOther() }
                        }
                        try await sql.update("users").set("credits", to: SQLBind(7)).where("id", .equal, first).run()
                    }
                }
            }
            async let one: Void = lock(user.id, then: other.id)
            async let two: Void = lock(other.id, then: user.id)
            _ = try await (one, two)
            #expect(await rendezvous.runs == 3)
            let users = FluentUserRepository(connection: connection)
            #expect(try await users.find(id: user.id)?.credits == 7)
            #expect(try await users.find(id: other.id)?.credits == 7)
        }
    }
}
