import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Fetches an `http(s)` reference for the server without letting a URL reach what only the
/// server can reach: every hop's host is vetted by `PublicAddressGuard` and the connection goes
/// to the address that was checked. Redirects are followed by hand and each is checked the
/// same way; the whole fetch, body included, has one deadline and the body a size cap.
struct RemoteImageFetcher: Sendable {
    let addressGuard: PublicAddressGuard
    let maxBytes: Int
    let timeoutSeconds: Double
    let logger: Logger
    static let maxRedirects = 3

    func fetch(_ raw: String) async throws(RemoteFetchError) -> Data {
        // AsyncHTTPClient's deadline ends with the response head; this one covers the lookups,
        // every hop and the whole body, so a server trickling bytes cannot hold a request open.
        let outcome = await TimeLimit.first(within: timeoutSeconds) { () async -> Result<Data, RemoteFetchError> in
            do throws(RemoteFetchError) { return .success(try await follow(raw)) } catch { return .failure(error) }
        }
        switch outcome ?? .failure(.timeout(seconds: timeoutSeconds)) {
        case .success(let data): return data
        case .failure(let error):
            logger.warning("reference fetch refused or failed", metadata: ["host": "\(Target.loggableHost(raw))", "reason": "\(error)"])
            throw error
        }
    }

    private func follow(_ raw: String) async throws(RemoteFetchError) -> Data {
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeoutSeconds * 1000))
        var location = raw
        do {
            for hop in 0...Self.maxRedirects {
                let target = try Target(location)
                let address = try await addressGuard.vet(target)
                switch try await get(target, at: address, deadline: deadline) {
                case .body(let data): return data
                case .redirect(let next):
                    guard hop < Self.maxRedirects else { throw RemoteFetchError.tooManyRedirects(limit: Self.maxRedirects) }
                    guard let resolved = URL(string: next, relativeTo: target.url)?.absoluteString else {
                        throw RemoteFetchError.unsupportedURL("a redirect led to an unreadable location")
                    }
                    location = resolved
                }
            }
            throw RemoteFetchError.tooManyRedirects(limit: Self.maxRedirects)
        } catch let error as RemoteFetchError {
            throw error
        } catch {
            throw .unreachable(String(describing: error))
        }
    }

    private enum Answer {
        case body(Data)
        case redirect(String)
    }

    private func get(_ target: Target, at address: IPAddress, deadline: NIODeadline) async throws -> Answer {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        // Connect to the vetted address; TLS still verifies the certificate for the host name.
        configuration.dnsOverride = [target.host: address.description]
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let answer = try await exchange(client, target: target, deadline: deadline)
            try await client.shutdown()
            return answer
        } catch {
            try? await client.shutdown()
            throw Self.classify(error, timeoutSeconds: timeoutSeconds, maxBytes: maxBytes)
        }
    }

    private func exchange(_ client: HTTPClient, target: Target, deadline: NIODeadline) async throws -> Answer {
        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.headers.add(name: "User-Agent", value: "vton-lab/1.0 (reference image fetch)")
        request.headers.add(name: "Accept", value: "image/*")
        let response = try await client.execute(request, deadline: deadline, logger: logger)
        let status = Int(response.status.code)
        if (300..<400).contains(status), let next = response.headers.first(name: "Location") { return .redirect(next) }
        guard status == 200 else { throw RemoteFetchError.httpStatus(status) }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw RemoteFetchError.tooLarge(limit: maxBytes)
        }
        return .body(Data(try await response.body.collect(upTo: maxBytes).readableBytesView))
    }

    static func classify(_ error: any Error, timeoutSeconds: Double, maxBytes: Int) -> RemoteFetchError {
        switch error {
        case let error as RemoteFetchError: error
        case is NIOTooManyBytesError: .tooLarge(limit: maxBytes)
        case let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error): .timeout(seconds: timeoutSeconds)
        default: .unreachable(String(describing: error))
        }
    }

    /// One hop's URL: http or https with a host; anything else is refused before any lookup.
    struct Target {
        let url: URL
        let host: String
        let port: Int

        init(_ raw: String) throws(RemoteFetchError) {
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
                throw .unsupportedURL("only http and https URLs are fetched")
            }
            guard let host = url.host, !host.isEmpty else { throw .unsupportedURL("the URL has no host") }
            guard url.user == nil, url.password == nil else { throw .unsupportedURL("URLs with credentials are not fetched") }
            self.url = url
            self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            port = url.port ?? (scheme == "https" ? 443 : 80)
        }

        /// The host alone: a URL's path and query may carry someone's token.
        static func loggableHost(_ raw: String) -> String {
            URL(string: raw)?.host ?? "(unparsable URL)"
        }
    }
}
