import Foundation
import GeminiClient
import Testing

@testable import VTONApp

/// `http(s)` references (API.md §2.2): fetched by the server, but never from an address only
/// the server can reach, whatever the URL, its DNS answer or its redirects say.
@Suite(.timeLimit(.minutes(2)))
struct RemoteReferenceTests {
    func generate(_ server: TestServer, _ references: [String], token: String) async throws -> TestServer.Reply {
        try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "from a URL", "reference_images": references], token: token)
    }

    /// Resolves one made-up name to loopback, as a DNS server under an attacker's control would.
    struct FixedResolver: HostResolving {
        let names: [String: IPAddress]

        func addresses(of host: String) async throws -> [IPAddress] {
            if let address = names[host] { return [address] }
            return try await SystemHostResolver().addresses(of: host)
        }
    }

    @Test func loopbackPrivateAndOtherSchemesAreRefusedWithoutAnyRequest() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            try await TestServer.run { server in
                let token = try await server.login()
                let port = fixture.port
                for url in [
                    "http://127.0.0.1:\(port)/person.png", "http://localhost:\(port)/person.png", "http://[::1]:\(port)/person.png",
                    "http://2130706433:\(port)/person.png", "http://[::ffff:127.0.0.1]:\(port)/person.png", "http://0.0.0.0:\(port)/person.png",
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x.png", "http://192.168.1.1/x.png",
                    "http://100.64.0.1/x.png", "http://[fd00::1]/x.png", "http://[fe80::1]/x.png", "http://224.0.0.1/x.png",
                    "http://255.255.255.255/x.png",
                ] {
                    let reply = try await generate(server, [url], token: token)
                    #expect(reply.status == .unprocessableContent, "\(url): \(reply.json)")
                    #expect(reply.json["code"] as? String == "FORBIDDEN_URL", "\(url)")
                    #expect(reply.json["field"] as? String == "reference_images[0]", "\(url)")
                }
                for url in ["file:///etc/passwd", "ftp://example.com/x.png", "gopher://127.0.0.1/"] {
                    let reply = try await generate(server, [url], token: token)
                    #expect(reply.status == .unprocessableContent, "\(url)")
                    #expect(reply.json["field"] as? String == "reference_images[0]", "\(url)")
                }
                #expect(fixture.requests.isEmpty, "the fixture was reached: \(fixture.requests)")
            }
        }
    }

    @Test func anAllowedURLIsFetchedFromTheCheckedAddressStoredAndSent() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            let resolver = FixedResolver(names: ["images.example": IPAddress(bytes: [127, 0, 0, 1])!])
            try await TestServer.run(configure: { _, overrides in
                overrides.allowedLoopbackPorts = [fixture.port]
                overrides.hostResolver = resolver
            }) { server in
                let token = try await server.login()
                for url in ["\(fixture.base)/person.png", "http://images.example:\(fixture.port)/person.png", "\(fixture.base)/hop/3"] {
                    let reply = try await generate(server, [url], token: token)
                    #expect(reply.status == .created, "\(url): \(reply.json)")
                    let id = try #require(reply.json["task_id"] as? String)
                    #expect(try await server.waitForTask(id, token: token)["status"] as? String == "succeeded")
                    let sent = await server.journal.received.last?.request.contents.first?.parts?.first?.inlineData
                    #expect(sent?.mimeType == "image/jpeg", "the fetched PNG is normalised like an upload")
                    #expect(Base64.decode(sent?.data ?? "").map { $0.count > 1000 } == true)
                }
                // The name nobody's DNS knows was reached at the address the server resolved and checked.
                #expect(fixture.requests.contains("images.example:\(fixture.port)"), "\(fixture.requests)")

                let tooMany = try await generate(server, ["\(fixture.base)/hop/4"], token: token)
                #expect(tooMany.status == .unprocessableContent)
                #expect(tooMany.json["code"] as? String == "UNREACHABLE_URL")
            }
        }
    }

    @Test func redirectsAreCheckedLikeTheFirstURL() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            try await TestServer.run(configure: { _, overrides in overrides.allowedLoopbackPorts = [fixture.port] }) { server in
                let token = try await server.login()
                let targets = [
                    "http://10.0.0.1/x.png", "http://127.0.0.1:\(server.port)/healthz", "http://localhost:\(server.port)/healthz",
                    "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
                ]
                for target in targets {
                    let url = "\(fixture.base)/to?url=" + target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    let reply = try await generate(server, ["\(fixture.base)/person.png", url], token: token)
                    #expect(reply.status == .unprocessableContent, "redirect to \(target): \(reply.json)")
                    #expect(reply.json["code"] as? String == "FORBIDDEN_URL", "redirect to \(target)")
                    #expect(reply.json["field"] as? String == "reference_images[1]", "redirect to \(target)")
                }
            }
        }
    }

    @Test func oversizedNonImageMissingAndSlowAnswersAreClientErrors() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            try await TestServer.run(configure: { configuration, overrides in
                configuration.maxUploadBytes = 100_000
                configuration.fetchTimeoutSeconds = 1
                overrides.allowedLoopbackPorts = [fixture.port]
            }) { server in
                let token = try await server.login()
                let big = try await generate(server, ["\(fixture.base)/big"], token: token)
                #expect(big.status == .contentTooLarge, "\(big.json)")
                let text = try await generate(server, ["\(fixture.base)/text"], token: token)
                #expect(text.status == .unsupportedMediaType, "\(text.json)")
                #expect(text.json["field"] as? String == "reference_images[0]")
                let missing = try await generate(server, ["\(fixture.base)/missing.png"], token: token)
                #expect(missing.status == .unprocessableContent)
                #expect(missing.json["code"] as? String == "UNREACHABLE_URL")
                let started = ContinuousClock.now
                let slow = try await generate(server, ["\(fixture.base)/slow"], token: token)
                #expect(slow.status == .unprocessableContent)
                #expect((slow.json["detail"] as? String)?.contains("within 1 s") == true, "\(slow.json)")
                #expect(ContinuousClock.now - started < .seconds(4))
            }
        }
    }

    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.31.0.1", "private"), ("192.168.0.1", "private"),
        ("100.127.255.255", "shared address space (CGNAT)"), ("169.254.1.1", "link-local"), ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"), ("255.255.255.255", "broadcast"), ("8.8.8.8", nil), ("172.32.0.1", nil), ("100.128.0.1", nil),
    ])
    func ipv4Classes(address: String, special: String?) {
        let bytes = address.split(separator: ".").compactMap { UInt8($0) }
        #expect(IPAddress(bytes: bytes)?.special == special)
    }

    @Test func ipv6Classes() {
        func v6(_ head: [UInt8], tail: [UInt8] = []) -> IPAddress {
            IPAddress(bytes: head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail)!
        }
        #expect(v6([], tail: [1]).special == "loopback")
        #expect(v6([]).special == "unspecified")
        #expect(v6([0xFE, 0x80], tail: [1]).special == "link-local")
        #expect(v6([0xFD, 0x12], tail: [1]).special == "private (unique local)")
        #expect(v6([0xFF, 0x02], tail: [1]).special == "multicast")
        #expect(v6([], tail: [0xFF, 0xFF, 127, 0, 0, 1]).special == "loopback")
        #expect(v6([0x00, 0x64, 0xFF, 0x9B], tail: [10, 0, 0, 1]).special == "private")
        #expect(v6([0x20, 0x02, 192, 168, 0, 1]).special == "private")
        #expect(v6([0x26, 0x06, 0x47, 0x00], tail: [1]).special == nil)
    }
}
