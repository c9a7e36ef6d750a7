/// What a new password must be. The seeded `admin`/`123456` predates it; production mode
/// refuses to start while that one is unchanged.
public enum PasswordPolicy {
    public static let minimumLength = 8
    /// bcrypt reads no further, so two longer passwords alike in these bytes would both be accepted.
    public static let maximumUTF8Bytes = 72

    public static func check(_ password: String, username: String?, field: String) throws(ValidationError) {
        guard password.count >= minimumLength else { throw ValidationError(field: field, "must be at least \(minimumLength) characters") }
        guard password.utf8.count <= maximumUTF8Bytes else {
            throw ValidationError(
                field: field,
                "must be at most \(maximumUTF8Bytes) bytes in UTF-8 (\(maximumUTF8Bytes) ASCII characters, fewer accented or other ones)")
        }
        guard password.contains(where: \.isLetter), password.contains(where: { !$0.isLetter }) else {
            throw ValidationError(field: field, "must contain a letter and a digit or symbol")
        }
        if let username, !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            throw ValidationError(field: field, "must not contain the username")
        }
    }
}

/// Usernames and e-mail addresses as accounts accept them.
public enum AccountFields {
    public static func username(_ raw: String) throws(ValidationError) -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard (3...32).contains(name.count) else { throw ValidationError(field: "username", "must be 3–32 characters") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw ValidationError(field: "username", "may hold only letters, digits, '.', '_' and '-'")
        }
        return name
    }

    public static func email(_ raw: String?) throws(ValidationError) -> String? {
        guard let raw else { return nil }
        let email = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if email.isEmpty { return nil }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else { throw ValidationError(field: "email", "is not an e-mail address") }
        return email
    }
}
