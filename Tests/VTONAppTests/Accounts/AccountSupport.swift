import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

/// Account helpers over the HTTP API, as an administrator's screens would use it.
extension TestServer {
    /// Creates a user through the admin API and returns its id.
    @discardableResult
    func createUser(_ username: String, password: String = "password1", roles: [String]? = nil, adminToken: String) async throws -> String {
        var body: [String: Any] = ["username": username, "email": "\(username)@example.com", "password": password]
        if let roles { body["role_ids"] = roles }
        let reply = try await request(.post, "/api/v1/user/create", json: body, token: adminToken)
        #expect(reply.status == .created, "creating \(username): \(reply.json)")
        return try #require(reply.json["id"] as? String)
    }

    func balance(token: String) async throws -> Int {
        let reply = try await request(.get, "/api/v1/credits/balance", token: token)
        #expect(reply.status == .ok, "\(reply.json)")
        return try #require(reply.json["credits"] as? Int)
    }

    /// Every ledger row of the caller, oldest first.
    func ledger(token: String) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var page = 1
        while true {
            let reply = try await request(.get, "/api/v1/credits/ledger?page=\(page)&page_size=100", token: token)
            let data = try #require(reply.json["data"] as? [[String: Any]])
            rows += data
            if data.count < 100 { return rows.reversed() }
            page += 1
        }
    }

    /// Creates an API key for the token's owner; returns the secret and the key's id.
    func createAPIKey(_ name: String, permissions: [String]?, token: String) async throws -> (secret: String, id: String) {
        var body: [String: Any] = ["name": name]
        if let permissions { body["permissions"] = permissions }
        let reply = try await request(.post, "/api/v1/api-keys", json: body, token: token)
        #expect(reply.status == .created, "\(reply.json)")
        let key = try #require(reply.json["api_key"] as? [String: Any])
        return (try #require(reply.json["key"] as? String), try #require(key["id"] as? String))
    }
}
