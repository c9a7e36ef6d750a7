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

        // A character inside the signature: the last one also carries two padding bits, which
        // a decoder may ignore, so changing only those would leave the same signature.
        var characters = Array(issued.token)
        let inside = characters.count - 10
        characters[inside] = characters[inside] == "A" ? "B" : "A"
        let tampered = String(characters)
        #expect(await tokens.verify(tampered) == nil)
        #expect(await TokenService(secret: String(repeating: "another secret ", count: 4), lifetime: 60).verify(issued.token) == nil)

        let expired = try await tokens.issue(userID: userID, username: "ana", isSuperuser: false, now: Date().addingTimeInterval(-120))
        #expect(await tokens.verify(expired.token) == nil)
    }
}
