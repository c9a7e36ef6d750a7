import Foundation
import Testing

@testable import VTONDomain

struct DelegationTests {
    let me = UUID()
    var userManager: Delegation { Delegation(actorID: me, actorIsSuperuser: false, actorPermissions: [.usersManage, .imagesRead]) }
    var superuser: Delegation { Delegation(actorID: me, actorIsSuperuser: true, actorPermissions: Set(Permission.allCases)) }
    let reader = Role(name: "reader", description: "", permissions: [.imagesRead])
    let builtinUser = Role.builtinUser

    func account(_ id: UUID? = UUID(), superuser: Bool = false, _ permissions: Set<Permission> = []) -> Delegation.Account {
        Delegation.Account(id: id, isSuperuser: superuser, permissions: permissions)
    }

    @Test func nobodyButASuperuserMakesOrTouchesASuperuser() throws {
        #expect(throws: Delegation.Refusal.self) { try userManager.checkAccount(before: nil, after: account(superuser: true), rolesChanged: []) }
        #expect(throws: Delegation.Refusal.self) {
            try userManager.checkAccount(before: account(me), after: account(me, superuser: true), rolesChanged: [])
        }
        #expect(throws: Delegation.Refusal.self) { try userManager.checkTakeOver(account(superuser: true)) }
        try superuser.checkAccount(before: nil, after: account(superuser: true), rolesChanged: [])
        try superuser.checkTakeOver(account(superuser: true))
    }

    @Test func rolesGrantedMustHoldOnlyWhatTheGranterHolds() throws {
        try userManager.checkAccount(before: nil, after: account(nil, [.imagesRead]), rolesChanged: [reader])
        let refusal = #expect(throws: Delegation.Refusal.self) {
            try userManager.checkAccount(before: nil, after: account(nil, builtinUser.permissions), rolesChanged: [builtinUser])
        }
        #expect(refusal?.field == "role_ids")
        #expect(refusal?.message.contains("images:create") == true)
    }

    @Test func nobodyChangesTheirOwnRolesOrTakesOverAMorePowerfulAccount() throws {
        #expect(throws: Delegation.Refusal.self) {
            try userManager.checkAccount(
                before: account(me, [.usersManage]), after: account(me, [.usersManage, .imagesRead]), rolesChanged: [reader])
        }
        // Editing one's own e-mail changes no role and takes over nothing one lacks.
        try userManager.checkAccount(before: account(me, [.usersManage]), after: account(me, [.usersManage]), rolesChanged: [])
        #expect(throws: Delegation.Refusal.self) { try userManager.checkTakeOver(account(UUID(), [.creditsManage])) }
        try userManager.checkTakeOver(account(UUID(), [.imagesRead]))
    }

    @Test func rolesAndCreditsStayWithinTheActorsOwnPowers() throws {
        let roleManager = Delegation(actorID: me, actorIsSuperuser: false, actorPermissions: [.rolesManage, .creditsManage])
        try roleManager.checkRole([.rolesManage])
        let refusal = #expect(throws: Delegation.Refusal.self) { try roleManager.checkRole([.rolesManage, .usersManage]) }
        #expect(refusal?.field == "permissions")
        #expect(throws: Delegation.Refusal.self) { try roleManager.checkCreditAdjustment(of: me) }
        try roleManager.checkCreditAdjustment(of: UUID())
        try superuser.checkCreditAdjustment(of: me)
    }
}
