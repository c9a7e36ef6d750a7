import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Why a delivery attempt got no HTTP status. `refused` is final: the URL leads where no
/// webhook may go; the others are tried again by the schedule.
enum WebhookSendError: Error, Equatable, CustomStringConvertible {
    case refused(String)
    case unreachable(String)
    case timeout(seconds: Double)

    var description: String {
        switch self {
        case .refused(let why): "refused: \(why)"
        case .unreachable(let why): "unreachable: \(why)"
        case .timeout(let seconds): "no answer within \(seconds) s"
        }
    }
}

/// Posts one signed webhook message and answers the receiver's HTTP status.
protocol WebhookSending: Sendable {
    func post(_ url: String, headers: [(String, String)], body: String) async throws(WebhookSendError) -> Int
}

/// Posts over HTTP to an address `PublicAddressGuard` vetted (the rules of reference fetches),
/// within one deadline from the lookup to the last byte read. Redirects are not followed (a
/// 3xx is not a delivery), and at most `WebhookSettings.maxReplyBytes` of the answer are read.
struct HTTPWebhookSender: WebhookSending {
    let addressGuard: PublicAddressGuard
    let allowLoopback: Bool
    let timeoutSeconds: Double
    let logger: Logger

    func post(_ url: String, headers: [(String, String)], body: String) async throws(WebhookSendError) -> Int {
        let outcome = await TimeLimit.first(within: timeoutSeconds) { () async -> Result<Int, WebhookSendError> in
            do throws(WebhookSendError) { return .success(try await deliver(url, headers: headers, body: body)) } catch { return .failure(error) }
        }
        switch outcome ?? .failure(.timeout(seconds: timeoutSeconds)) {
        case .success(let status): return status
        case .failure(let error): throw error
        }
    }

    private func deliver(_ url: String, headers: [(String, String)], body: String) async throws(WebhookSendError) -> Int {
        let target: RemoteImageFetcher.Target
        let address: IPAddress
        do throws(RemoteFetchError) {
            target = try RemoteImageFetcher.Target(url)
            address = try await addressGuard.vet(target, allowLoopback: allowLoopback)
        } catch {
            switch error {
            case .unsupportedURL, .forbiddenAddress: throw .refused(error.description)
            default: throw .unreachable(error.description)
            }
        }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        // Connect to the vetted address; TLS still verifies the certificate for the host name.
        configuration.dnsOverride = [target.host: address.description]
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let outcome: Result<Int, WebhookSendError>
        do { outcome = .success(try await exchange(client, target: target, headers: headers, body: body)) } catch {
            switch RemoteImageFetcher.classify(error, timeoutSeconds: timeoutSeconds, maxBytes: WebhookSettings.maxReplyBytes) {
            case .timeout: outcome = .failure(.timeout(seconds: timeoutSeconds))
            default: outcome = .failure(.unreachable(String(describing: error)))
            }
        }
        try? await client.shutdown()
        return try outcome.get()
    }

    private func exchange(_ client: HTTPClient, target: RemoteImageFetcher.Target, headers: [(String, String)], body: String) async throws -> Int {
        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "vton-lab-webhooks/1.0")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeoutSeconds * 1000))
        let response = try await client.execute(request, deadline: deadline, logger: logger)
        var read = 0
        for try await chunk in response.body {
            read += chunk.readableBytes
            if read >= WebhookSettings.maxReplyBytes { break }
        }
        return Int(response.status.code)
    }
}
