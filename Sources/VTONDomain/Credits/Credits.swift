import Foundation

/// Where a task's credits are: held while it may still run, then taken or given back.
public enum CreditState: String, Sendable, Codable {
    /// Nothing held: a superuser's task, or one from before credits existed.
    case none
    case reserved
    case captured
    case released
}

/// Why a user's balance moved.
public enum LedgerKind: String, Sendable, Codable, CaseIterable {
    case grant
    case deduct
    /// A submitted task holds its price.
    case reserve
    /// A succeeded task keeps what it held: the balance does not move again.
    case capture
    /// A failed or canceled task gives back what it held.
    case release
}

/// One movement of a user's credits. The balance equals the sum of a user's deltas.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int
    public var userID: UUID
    public var kind: LedgerKind
    public var delta: Int
    public var balanceAfter: Int
    public var taskID: UUID?
    public var actorID: UUID?
    public var reason: String?
    public var createdAt: Date

    public init(
        id: Int = 0, userID: UUID, kind: LedgerKind, delta: Int, balanceAfter: Int, taskID: UUID? = nil, actorID: UUID? = nil,
        reason: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.delta = delta
        self.balanceAfter = balanceAfter
        self.taskID = taskID
        self.actorID = actorID
        self.reason = reason
        self.createdAt = createdAt
    }
}

/// Prices in credits: the provider's list price per image (halved when the Batch API
/// delivers it), at `microUSDPerCredit` (1,000 by default: 1 credit = US$0.001), rounded up.
public struct CreditPricing: Sendable, Equatable {
    public var microUSDPerCredit: Int

    public init(microUSDPerCredit: Int = 1000) { self.microUSDPerCredit = microUSDPerCredit }

    public func credits(model: String, size: ImageSize, batch: Bool) -> Int {
        credits(microUSD: ModelCatalogue.model(id: model)?.priceMicroUSD(size: size, batch: batch) ?? 0)
    }

    public func credits(microUSD: Int) -> Int {
        (microUSD + microUSDPerCredit - 1) / microUSDPerCredit
    }
}

extension ImageTask {
    /// Records a success delivered at `microUSD` of list price (`credits` in credits): that is
    /// the task's cost, and what it holds drops to it (an economy task held the realtime price
    /// and a batch delivered it at half). Settling gives back the difference.
    public mutating func charge(microUSD: Int, credits: Int) {
        costMicroUSD = microUSD
        if creditState == .reserved { creditsHeld = min(creditsHeld, credits) }
    }

    /// The ledger movement a task's new state calls for, if it holds credits.
    public var creditSettlement: LedgerKind? {
        guard creditState == .reserved, status.isTerminal else { return nil }
        return status == .succeeded ? .capture : .release
    }
}

/// A task was refused because its owner cannot pay for it.
public struct InsufficientCredits: Error, Sendable, Equatable {
    public let needed: Int
    public let available: Int

    public init(needed: Int, available: Int) {
        self.needed = needed
        self.available = available
    }
}
