import VTONDomain

extension Identity {
    /// Runs a `Delegation` check as this caller, answering its refusal as a 403 naming the field.
    func delegating(_ check: (Delegation) async throws -> Void) async throws {
        let delegation = Delegation(actorID: user.id, actorIsSuperuser: user.isSuperuser, actorPermissions: permissions)
        do { try await check(delegation) } catch let refusal as Delegation.Refusal {
            throw APIError(.forbidden, code: "FORBIDDEN", refusal.message, field: refusal.field)
        }
    }
}
