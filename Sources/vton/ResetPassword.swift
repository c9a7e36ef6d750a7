import ArgumentParser
import Foundation
import Logging
import VTONApp
import VTONPersistence

/// `vton reset-password`: an operator's way back in when the admin password is lost.
struct ResetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set a user's password and revoke their tokens.")

    @Option(help: "The account to change.") var username = "admin"
    @Option(help: "The new password (at least 6 characters).") var password: String

    func run() async throws {
        guard password.count >= 6 else { throw ValidationError("--password must be at least 6 characters") }
        let configuration = try loadConfiguration()
        try createDataDirectory(configuration)
        let connection = try DatabaseConnection(location: configuration.database, logger: Logger(label: "vton.admin"))
        try await connection.migrate()
        let users = FluentUserRepository(connection: connection)
        guard let user = try await users.find(username: username) else { throw ValidationError("no user named \(username)") }
        try await users.updatePassword(userID: user.id, hash: try await PasswordHasher().hash(password), tokensValidAfter: Date())
        await connection.shutdown()
        print("password of \(username) changed; their tokens are revoked")
    }
}
