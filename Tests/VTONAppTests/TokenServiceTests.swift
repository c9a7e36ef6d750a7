import Foundation
import Testing

@testable import VTONApp

struct TokenServiceTests {
    /// A token's signature is checked once and remembered; expiry, tampering and another
    /// server's secret still refuse it.
    @Test func rememberedTokensStillExpireAndForgeriesFail() async throws {
        let tokens = await TokenService(secret: String(repeating: "first secret ", count: 4), lifetime: 60)
        let userID = UUID()
        let issued = try await tokens.issue(userID: userID, username: "ana", isSuperuser: false)
        #expect(await tokens.verify(issued.token)?.userID == userID)
        #expect(await tokens.verify(issued.token)?.userID == userID)
        #expect(await tokens.verify(issued.token, now: issued.expiresAt.addingTimeInterval(1)) == nil)

        var tampered = issued.token
        let last = tampered.removeLast()
        tampered.append(last == "A" ? "B" : "A")
        #expect(await tokens.verify(tampered) == nil)
        #expect(await TokenService(secret: String(repeating: "another secret ", count: 4), lifetime: 60).verify(issued.token) == nil)

        let expired = try await tokens.issue(userID: userID, username: "ana", isSuperuser: false, now: Date().addingTimeInterval(-120))
        #expect(await tokens.verify(expired.token) == nil)
    }
}
