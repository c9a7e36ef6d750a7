extension KeyedEncodingContainer {
    /// The value, or `null` where the contract shows an absent value as `null` rather than
    /// leaving the key out. Unwrapped first: an `Optional` encoded as such goes through a
    /// single-value container of its own.
    mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
