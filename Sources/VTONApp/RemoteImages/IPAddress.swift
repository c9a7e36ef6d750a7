/// An IPv4 or IPv6 address as bytes, with the one question a server-side fetch must ask of
/// it: may the public internet's URL lead here?
struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    let bytes: [UInt8]

    init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    var isIPv4: Bool { bytes.count == 4 }

    var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    var isLoopback: Bool { special == "loopback" }

    /// Why no fetch may go to this address (loopback, private, link-local, …), or nil for a
    /// public unicast address. IPv6 forms that carry an IPv4 address are judged by it.
    var special: String? {
        isIPv4 ? Self.specialIPv4(bytes) : Self.specialIPv6(bytes)
    }

    private static func specialIPv4(_ b: [UInt8]) -> String? {
        switch (b[0], b[1], b[2]) {
        case (0, _, _): "unspecified"
        case (10, _, _), (172, 16...31, _), (192, 168, _): "private"
        case (100, 64...127, _): "shared address space (CGNAT)"
        case (127, _, _): "loopback"
        case (169, 254, _): "link-local"
        case (192, 0, 0), (192, 0, 2), (198, 51, 100), (203, 0, 113), (198, 18...19, _): "reserved"
        case (224...239, _, _): "multicast"
        case (255, 255, 255) where b[3] == 255: "broadcast"
        case (240...255, _, _): "reserved"
        default: nil
        }
    }

    private static func specialIPv6(_ b: [UInt8]) -> String? {
        let embedded = Array(b[12..<16])
        if b[0..<10].allSatisfy({ $0 == 0 }) {
            // ::, ::1, IPv4-compatible ::a.b.c.d and IPv4-mapped ::ffff:a.b.c.d.
            if b[10..<12].allSatisfy({ $0 == 0 }) {
                if b[12..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "loopback" : "unspecified" }
                return specialIPv4(embedded) ?? "reserved"
            }
            if b[10] == 0xFF, b[11] == 0xFF { return specialIPv4(embedded) }
        }
        // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765): a stateless translator delivers it to a.b.c.d.
        if b[0..<8].allSatisfy({ $0 == 0 }), b[8] == 0xFF, b[9] == 0xFF, b[10] == 0, b[11] == 0 { return specialIPv4(embedded) }
        if b[0...3] == [0x00, 0x64, 0xFF, 0x9B] {
            // NAT64: 64:ff9b::/96 reaches the embedded address; the local-use 64:ff9b:1::/48 (RFC 8215)
            // leads to a site's own translator, wherever in it the address sits.
            if b[4] == 0, b[5] == 1 { return "private (local-use NAT64)" }
            return specialIPv4(embedded)
        }
        if b[0] == 0x20, b[1] == 0x02 { return specialIPv4(Array(b[2..<6])) }  // 6to4 2002::/16
        if b[0...3] == [0x20, 0x01, 0x0D, 0xB8] { return "reserved" }  // documentation
        switch b[0] {
        case 0xFC, 0xFD: return "private (unique local)"
        case 0xFF: return "multicast"
        case 0xFE where b[1] & 0xC0 == 0x80: return "link-local"
        case 0xFE where b[1] & 0xC0 == 0xC0: return "private (site-local)"
        default: return nil
        }
    }
}
