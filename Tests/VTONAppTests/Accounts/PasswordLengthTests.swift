import Foundation
import Testing

@testable import VTONApp

/// A password longer than bcrypt reads (72 bytes) is refused where one is set, naming the field.
struct PasswordLengthTests {
    static let seventyThreeBytes = "Pw1-" + String(repeating: "x", count: 69)
    static let seventyTwoBytes = String(seventyThreeBytes.dropLast())

    @Test func creatingAUserAndChangingAPasswordRefuseMoreThan72Bytes() async throws {
        try await TestServer.run(users: ["ada"]) { server in
            let admin = try await server.login()
            let created = try await server.request(
                .post, "/api/v1/user/create", json: ["username": "bea", "password": Self.seventyThreeBytes], token: admin)
            #expect(created.status == .unprocessableContent, "\(created.json)")
            #expect(created.json["field"] as? String == "password")
            #expect((created.json["detail"] as? String)?.contains("72 bytes") == true, "\(created.json)")

            let ada = try await server.login("ada", password: "password1")
            let changed = try await server.request(
                .post, "/api/v1/base/update_password", json: ["old_password": "password1", "new_password": Self.seventyThreeBytes], token: ada)
            #expect(changed.status == .badRequest, "\(changed.json)")
            #expect(changed.json["code"] as? String == "WEAK_PASSWORD")
            #expect(changed.json["field"] as? String == "new_password")
            #expect((changed.json["detail"] as? String)?.contains("72 bytes") == true, "\(changed.json)")

            let accepted = try await server.request(
                .post, "/api/v1/base/update_password", json: ["old_password": "password1", "new_password": Self.seventyTwoBytes], token: ada)
            #expect(accepted.status == .ok, "\(accepted.json)")
            _ = try await server.login("ada", password: Self.seventyTwoBytes)
        }
    }
}
