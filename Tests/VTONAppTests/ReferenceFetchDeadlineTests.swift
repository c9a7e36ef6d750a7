import Foundation
import Testing

@testable import VTONApp

/// `VTON_FETCH_TIMEOUT_S` bounds a reference fetch from the lookup to the last byte of the body.
@Suite(.timeLimit(.minutes(1)))
struct ReferenceFetchDeadlineTests {
    @Test func aBodyTrickledByteByByteEndsAtTheDeadline() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            try await TestServer.run(configure: { configuration, overrides in
                configuration.fetchTimeoutSeconds = 1
                overrides.allowedLoopbackPorts = [fixture.port]
            }) { server in
                let token = try await server.login()
                let started = ContinuousClock.now
                let reply = try await server.request(
                    .post, "/api/v1/images/generate", json: ["prompt": "trickled", "reference_images": ["\(fixture.base)/trickle"]], token: token)
                #expect(ContinuousClock.now - started < .seconds(3))
                #expect(reply.status == .unprocessableContent, "\(reply.json)")
                #expect(reply.json["code"] as? String == "UNREACHABLE_URL")
                #expect(reply.json["field"] as? String == "reference_images[0]")
                #expect((reply.json["detail"] as? String)?.contains("within 1 s") == true, "\(reply.json)")
            }
        }
    }

    @Test func theLimitAnswersWithoutWaitingForWorkThatIgnoresCancellation() async {
        let started = ContinuousClock.now
        let outcome = await TimeLimit.first(within: 0.2) { () async -> Int in
            // Like getaddrinfo on the thread pool: blind to cancellation.
            let until = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(50)) }
            return 1
        }
        #expect(outcome == nil)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(await TimeLimit.first(within: 5) { 42 } == 42)
    }
}
