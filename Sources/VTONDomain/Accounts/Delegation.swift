import Foundation

/// What an administrator who is not a superuser may hand out or take over. Delegated
/// administration must never be a way up: nobody grants, through a role, a user or an API key,
/// a permission or flag they do not hold themselves, and nobody takes over (edits, resets,
/// deletes) an account that holds more than they do. Only a superuser makes, edits, resets or
/// deletes a superuser, and nobody changes their own roles.
public struct Delegation: Sendable {
    public let actorID: UUID
    public let actorIsSuperuser: Bool
    public let actorPermissions: Set<Permission>

    public init(actorID: UUID, actorIsSuperuser: Bool, actorPermissions: Set<Permission>) {
        self.actorID = actorID
        self.actorIsSuperuser = actorIsSuperuser
        self.actorPermissions = actorPermissions
    }

    /// Why the actor may not do something; the API answers it as a 403 naming `field`.
    public struct Refusal: Error, Sendable, Equatable {
        public let field: String?
        public let message: String
    }

    /// An account as the rules see it: its flag and what its roles give it.
    public struct Account: Sendable {
        public let id: UUID?
        public let isSuperuser: Bool
        public let permissions: Set<Permission>

        public init(id: UUID?, isSuperuser: Bool, permissions: Set<Permission>) {
            self.id = id
            self.isSuperuser = isSuperuser
            self.permissions = permissions
        }
    }

    /// Creating `account`, or changing one from `before` to `after`.
    public func checkAccount(before: Account?, after: Account, rolesChanged: [Role]) throws(Refusal) {
        guard !actorIsSuperuser else { return }
        if before?.isSuperuser == true || after.isSuperuser {
            throw Refusal(field: "is_superuser", message: "only a superuser creates, edits or grants superusers")
        }
        if let before {
            try checkTakeOver(before)
            if before.id == actorID, !rolesChanged.isEmpty {
                throw Refusal(field: "role_ids", message: "you cannot change your own roles")
            }
        }
        for role in rolesChanged { try checkHeld(role.permissions, field: "role_ids", what: "the role \"\(role.name)\"") }
    }

    /// Resetting the password of, or deleting, `account`: both hand its power to someone else.
    public func checkTakeOver(_ account: Account) throws(Refusal) {
        guard !actorIsSuperuser else { return }
        if account.isSuperuser { throw Refusal(field: nil, message: "only a superuser resets, edits or deletes a superuser") }
        try checkHeld(account.permissions, field: nil, what: "this account")
    }

    /// Creating, editing or deleting a role that holds `permissions` (before or after the edit).
    public func checkRole(_ permissions: Set<Permission>) throws(Refusal) {
        guard !actorIsSuperuser else { return }
        try checkHeld(permissions, field: "permissions", what: "this role")
    }

    /// Moving the actor's own balance: a credit manager does not pay themselves.
    public func checkCreditAdjustment(of userID: UUID) throws(Refusal) {
        guard !actorIsSuperuser, userID == actorID else { return }
        throw Refusal(field: "user_id", message: "only a superuser adjusts their own credits")
    }

    private func checkHeld(_ permissions: Set<Permission>, field: String?, what: String) throws(Refusal) {
        let missing = permissions.subtracting(actorPermissions).sorted()
        guard missing.isEmpty else {
            throw Refusal(
                field: field, message: "\(what) holds \(missing.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), which you do not hold yourself"
            )
        }
    }
}
