/// What the provider did for one task, as it bills it: the tokens of every answered call at the
/// model's list rates (not the per-image price the task was held and charged at), and the
/// calls that got no answer, which the provider may have run and billed all the same.
public struct ProviderCharge: Sendable, Equatable, Codable {
    public var usage: TokenUsage
    public var costMicroUSD: Int
    public var unansweredCalls: Int

    public init(usage: TokenUsage = TokenUsage(), costMicroUSD: Int = 0, unansweredCalls: Int = 0) {
        self.usage = usage
        self.costMicroUSD = costMicroUSD
        self.unansweredCalls = unansweredCalls
    }

    /// Adds one answered call; answers what it cost.
    @discardableResult
    public mutating func add(_ usage: TokenUsage, model: ImageModel?, batch: Bool) -> Int {
        let cost = model?.rates.costMicroUSD(usage, batch: batch) ?? 0
        self.usage = self.usage + usage
        costMicroUSD += cost
        return cost
    }
}
