import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `/api/v1/credits/…`: balances, ledgers and administrators' adjustments.
struct CreditController {
    let credits: any CreditRepository
    let users: any UserRepository
    let tasks: any TaskRepository
    let pricing: CreditPricing

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("balance", use: balance)
        group.get("ledger", use: ownLedger)
        group.get("user_ledger", use: userLedger)
        group.post("adjust", use: adjust)
    }

    @Sendable func balance(_ request: Request, context: AppRequestContext) async throws -> BalanceDTO {
        let user = try await users.stored(try context.requireIdentity().user)
        return BalanceDTO(
            credits: user.credits, held: try await tasks.creditsHeld(userID: user.id), unlimited: user.isSuperuser,
            usdPerCredit: Double(pricing.microUSDPerCredit) / 1_000_000)
    }

    @Sendable func ownLedger(_ request: Request, context: AppRequestContext) async throws -> PagedDTO<LedgerEntryDTO> {
        try await ledger(of: try context.requireIdentity().user.id, request: request)
    }

    @Sendable func userLedger(_ request: Request, context: AppRequestContext) async throws -> PagedDTO<LedgerEntryDTO> {
        let id = try QueryFields.uuid(request.uri.queryParameters.get("user_id"), field: "user_id")
        guard try await users.find(id: id) != nil else { throw APIError.notFound("user") }
        return try await ledger(of: id, request: request)
    }

    @Sendable func adjust(_ request: Request, context: AppRequestContext) async throws -> LedgerEntryDTO {
        let actor = try context.requireIdentity()
        let body = try await request.decode(as: CreditAdjustDTO.self, context: context)
        try await actor.delegating { try $0.checkCreditAdjustment(of: body.userId) }
        guard body.delta != 0, abs(body.delta) <= 1_000_000_000 else {
            throw APIError.validation(ValidationError(field: "delta", "must be a non-zero whole number of credits up to 10^9"))
        }
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 300 else {
            throw APIError.validation(ValidationError(field: "reason", "must be 1–300 characters"))
        }
        guard try await users.find(id: body.userId) != nil else { throw APIError.notFound("user") }
        do {
            return LedgerEntryDTO(try await credits.adjust(userID: body.userId, delta: body.delta, actorID: actor.user.id, reason: reason))
        } catch let shortage as InsufficientCredits {
            throw APIError(
                .conflict, code: "BALANCE_TOO_LOW", "cannot deduct \(shortage.needed) credits from a balance of \(shortage.available)",
                field: "delta")
        }
    }

    private func ledger(of userID: UUID, request: Request) async throws -> PagedDTO<LedgerEntryDTO> {
        let (page, size) = try QueryFields.page(request.uri.queryParameters)
        let found = try await credits.ledger(userID: userID, page: page, pageSize: size)
        return PagedDTO(data: found.entries.map(LedgerEntryDTO.init), total: found.total, page: page, pageSize: size)
    }
}
