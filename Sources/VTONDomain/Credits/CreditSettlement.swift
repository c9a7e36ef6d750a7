/// One movement of a user's balance that a task's credits call for.
public struct CreditMovement: Sendable, Equatable {
    public let kind: LedgerKind
    public let delta: Int
    public let reason: String?

    public init(kind: LedgerKind, delta: Int, reason: String? = nil) {
        self.kind = kind
        self.delta = delta
        self.reason = reason
    }
}

extension ImageTask {
    /// What a new task takes from its owner's balance; nil when it holds nothing.
    public var creditHold: CreditMovement? {
        guard creditState == .reserved, creditsHeld > 0 else { return nil }
        return CreditMovement(kind: .reserve, delta: -creditsHeld)
    }

    /// Captures or releases what an ended task holds, marking it so, and answers the movements
    /// to record, in order. `heldBefore` is what it held before this change: a success charged
    /// less than that (a batch delivered it at half) captures the charge and releases the rest.
    public mutating func settleCredits(heldBefore: Int) -> [CreditMovement] {
        guard let kind = creditSettlement else { return [] }
        guard kind == .capture else {
            creditState = .released
            return [CreditMovement(kind: .release, delta: creditsHeld)]
        }
        creditState = .captured
        let unused = heldBefore - creditsHeld
        guard unused > 0 else { return [CreditMovement(kind: .capture, delta: 0)] }
        return [
            CreditMovement(kind: .capture, delta: 0),
            CreditMovement(kind: .release, delta: unused, reason: "delivered by a batch at half price"),
        ]
    }
}
