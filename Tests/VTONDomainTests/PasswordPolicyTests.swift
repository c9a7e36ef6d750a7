import Testing

@testable import VTONDomain

/// bcrypt reads the first 72 bytes of a password, so the policy allows no more.
struct PasswordPolicyTests {
    func refusal(_ password: String) -> ValidationError? {
        do { try PasswordPolicy.check(password, username: "ada", field: "new_password") } catch { return error }
        return nil
    }

    @Test func seventyTwoBytesAreTheMost() {
        #expect(refusal("a1" + String(repeating: "x", count: 70)) == nil)
        let tooLong = refusal("a1" + String(repeating: "x", count: 71))
        #expect(tooLong?.field == "new_password")
        #expect(tooLong?.message.contains("72 bytes") == true, "\(String(describing: tooLong))")
        #expect(refusal(String(repeating: "pass1234", count: 16)) != nil, "128 characters were allowed before")
    }

    @Test func bytesAreCountedInUTF8NotCharacters() {
        // 37 characters, 73 bytes: "é" is two bytes.
        #expect(refusal("1" + String(repeating: "é", count: 36))?.field == "new_password")
        #expect(refusal("1" + String(repeating: "é", count: 35)) == nil)
    }

    @Test func theOtherRulesStay() {
        #expect(refusal("short1")?.message.contains("at least 8") == true)
        #expect(refusal("onlyletters") != nil)
        #expect(refusal("ada-is-12345") != nil)
    }
}
