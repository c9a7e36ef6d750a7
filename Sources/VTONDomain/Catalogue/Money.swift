/// Amounts of money kept as integer micro-dollars so sums never drift.
public enum Money {
    public static func usd(microUSD: Int) -> Double { Double(microUSD) / 1_000_000 }
}
