import Foundation
import Testing

@testable import VTONApp

#if canImport(Glibc)
    import Glibc
#endif

/// IPv6 forms that carry an IPv4 address reach that address, so they are judged by it.
struct IPAddressEmbeddingTests {
    static func address(_ text: String) -> IPAddress {
        var raw = in6_addr()
        precondition(inet_pton(AF_INET6, text, &raw) == 1, "not an IPv6 address: \(text)")
        return withUnsafeBytes(of: raw) { IPAddress(bytes: Array($0))! }
    }

    @Test(
        arguments: [
            // IPv4-mapped ::ffff:0:0/96
            ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.1.2.3", "private"), ("::ffff:169.254.169.254", "link-local"), ("::ffff:8.8.8.8", nil),
            // IPv4-translated ::ffff:0:0:0/96
            ("::ffff:0:127.0.0.1", "loopback"), ("::ffff:0:192.168.1.1", "private"), ("::ffff:0:100.64.0.1", "shared address space (CGNAT)"),
            ("::ffff:0:8.8.8.8", nil),
            // IPv4-compatible ::/96 (deprecated: refused even around a public address)
            ("::127.0.0.2", "loopback"), ("::10.0.0.1", "private"), ("::8.8.8.8", "reserved"),
            // NAT64, well-known prefix and local-use prefix
            ("64:ff9b::127.0.0.1", "loopback"), ("64:ff9b::169.254.169.254", "link-local"), ("64:ff9b::8.8.8.8", nil),
            ("64:ff9b:1::a00:1", "private (local-use NAT64)"), ("64:ff9b:1:ffff::808:808", "private (local-use NAT64)"),
            // 6to4 2002::/16
            ("2002:7f00:1::1", "loopback"), ("2002:c0a8:101::1", "private"), ("2002:808:808::1", nil),
            // plain IPv6 around them
            ("::1", "loopback"), ("::", "unspecified"), ("2606:4700::1111", nil),
        ] as [(String, String?)])
    func embeddedIPv4IsJudged(text: String, special: String?) {
        #expect(Self.address(text).special == special, "\(text)")
    }

    @Test func anIPv4TranslatedLoopbackURLIsRefusedWithoutAnyRequest() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            try await TestServer.run { server in
                let token = try await server.login()
                let url = "http://[::ffff:0:127.0.0.1]:\(fixture.port)/person.png"
                let reply = try await server.request(
                    .post, "/api/v1/images/generate", json: ["prompt": "x", "reference_images": [url]], token: token)
                #expect(reply.status == .unprocessableContent, "\(reply.json)")
                #expect(reply.json["code"] as? String == "FORBIDDEN_URL", "\(reply.json)")
                #expect(reply.json["field"] as? String == "reference_images[0]")
                #expect(fixture.requests.isEmpty)
            }
        }
    }
}
