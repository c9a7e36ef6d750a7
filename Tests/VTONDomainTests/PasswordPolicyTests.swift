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

    @Test func theUsernameIsRefusedInAnyCaseButOnlyWhenThereIsOne() throws {
        #expect(refusal("xAdA-2024!")?.message == "must not contain the username")
        try PasswordPolicy.check("xAdA-2024!", username: nil, field: "password")
        try PasswordPolicy.check("xAdA-2024!", username: "", field: "password")
    }
}

struct AccountFieldsTests {
    @Test func aUsernameIsTrimmedAndHoldsThreeToThirtyTwoPlainCharacters() throws {
        #expect(try AccountFields.username("  ada.l_1-x ") == "ada.l_1-x")
        for refused in ["ab", String(repeating: "a", count: 33), "ada lovelace", "adä", "ada@home"] {
            #expect(throws: ValidationError.self, "\(refused)") { try AccountFields.username(refused) }
        }
        #expect(try AccountFields.username(String(repeating: "a", count: 32)).count == 32)
    }

    @Test func anEmailIsLowercasedAndAnEmptyOneIsNone() throws {
        #expect(try AccountFields.email(" Ada@Example.ORG ") == "ada@example.org")
        #expect(try AccountFields.email("   ") == nil)
        #expect(try AccountFields.email(nil) == nil)
        for refused in ["ada", "ada@example", "@example.org", "ada@.example.org", "ada@example.org.", "a@b@c.org", "ad a@example.org"] {
            #expect(throws: ValidationError.self, "\(refused)") { try AccountFields.email(refused) }
        }
    }
}
