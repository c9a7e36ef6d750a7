/// Searches of ASCII text on every request compare bytes: Foundation's `contains` goes through
/// its locale-aware `range(of:)`, and the standard library's generic `firstRange(of:)` looks
/// up type metadata on every call.
extension Collection where Element == UInt8 {
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let head = needle.first else { return true }
        var start = startIndex
        while let found = self[start...].firstIndex(of: head) {
            if self[found...].starts(with: needle) { return true }
            start = index(after: found)
        }
        return false
    }
}
