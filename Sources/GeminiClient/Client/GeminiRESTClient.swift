import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The Gemini REST client (gemini-rest.md): JSON over HTTP with a deadline, a body cap,
/// typed errors and no key in any log line.
public struct GeminiRESTClient: ImageGenerating, ModelListing {
    let configuration: GeminiConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    static let userAgent = "vton-lab/1.0 gl-swift/6"

    public init(configuration: GeminiConfiguration, httpClient: HTTPClient = .shared, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    public func generate(model: String, request: GenerateContentRequest, deadline: Duration) async throws(GeminiError) -> GenerationReply {
        let body = try encode(request)
        let data = try await send(
            method: .POST, path: "/\(configuration.apiVersion)/models/\(model):generateContent", body: body, timeout: TimeAmount(deadline))
        return try GenerationReply(decode(GenerateContentResponse.self, from: data))
    }

    /// `generate` within the configured deadline, for callers that want only the outcome.
    public func generateContent(model: String, request: GenerateContentRequest) async throws(GeminiError) -> GenerationOutcome {
        try await generate(model: model, request: request, deadline: .milliseconds(Int64(configuration.timeoutSeconds * 1000))).outcome
    }

    /// One JSON call: the 200 body, or the error the service (or the network) gave.
    func send(method: HTTPMethod, path: String, body: Data?, timeout: TimeAmount? = nil) async throws(GeminiError) -> Data {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "x-goog-api-key", value: configuration.apiKey)
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "x-goog-api-client", value: Self.userAgent)
        // Bodiless POSTs (cancel) still say how long they are, as the service expects.
        request.body = .bytes(ByteBuffer(bytes: body ?? Data()))
        return try await exchange(request, timeout: timeout).body
    }

    /// Sends a request with the deadline and body cap, turning every failure into a `GeminiError`.
    func exchange(_ request: HTTPClientRequest, timeout: TimeAmount? = nil) async throws(GeminiError) -> (headers: HTTPHeaders, body: Data) {
        let started = ContinuousClock.now
        let path = Self.loggablePath(request.url)
        do {
            let response = try await httpClient.execute(request, timeout: timeout ?? self.timeout, logger: logger)
            let data = Data(try await response.body.collect(upTo: configuration.maxResponseBytes).readableBytesView)
            try check(response, body: data, path: path, started: started)
            return (response.headers, data)
        } catch {
            throw classify(error, path: path, started: started)
        }
    }

    /// Streams a 200 body chunk by chunk to `handle`, holding none of it.
    func streamBody(path: String, _ handle: (ByteBuffer) async throws -> Void) async throws {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.headers.add(name: "x-goog-api-key", value: configuration.apiKey)
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do { response = try await httpClient.execute(request, timeout: timeout, logger: logger) } catch {
            throw classify(error, path: path, started: started)
        }
        guard response.status == .ok else {
            let data = Data((try? await response.body.collect(upTo: 1 << 20))?.readableBytesView ?? ByteBuffer().readableBytesView)
            try check(response, body: data, path: path, started: started)
            return
        }
        var chunks = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do { chunk = try await chunks.next() } catch { throw classify(error, path: path, started: started) }
            guard let chunk else { return }
            try await handle(chunk)
        }
    }

    /// Streams a 200 body line by line, holding one line at a time (batch results files).
    func streamLines(path: String, _ handle: (Data) async throws -> Void) async throws {
        var pending = Data()
        try await streamBody(path: path) { chunk in
            // Only the new bytes are searched: an image line of many megabytes arrives in
            // thousands of chunks, and searching it all again for each was quadratic.
            var searched = pending.count
            pending.append(contentsOf: chunk.readableBytesView)
            while let newline = pending[(pending.startIndex + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                if !line.isEmpty { try await handle(Data(line)) }
                pending.removeSubrange(pending.startIndex...newline)
                searched = 0
            }
            guard pending.count <= configuration.maxResultLineBytes else {
                throw GeminiError.responseTooLarge(limit: configuration.maxResultLineBytes)
            }
        }
        if !pending.isEmpty { try await handle(pending) }
    }

    private var timeout: TimeAmount { .milliseconds(Int64(configuration.timeoutSeconds * 1000)) }

    /// The image models the key can use (`models.list`, every page): those that can generate content.
    public func listModels() async throws(GeminiError) -> [ProviderModel] {
        var models: [ProviderModel] = []
        var pageToken: String?
        repeat {
            var path = "/\(configuration.apiVersion)/models?pageSize=1000"
            if let token = pageToken { path += "&pageToken=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)" }
            let page = try decode(ModelList.self, from: try await send(method: .GET, path: path, body: nil))
            models += page.models ?? []
            pageToken = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while pageToken != nil
        return models
    }

    private func check(_ response: HTTPClientResponse, body: Data, path: String, started: ContinuousClock.Instant) throws(GeminiError) {
        guard response.status != .ok else { return }
        let error = Self.decodeError(status: Int(response.status.code), headers: response.headers, body: body)
        logger.warning(
            "gemini call failed",
            metadata: ["path": "\(path)", "status": "\(response.status.code)", "error": "\(error)", "elapsed": "\(ContinuousClock.now - started)"])
        throw error
    }

    private func classify(_ error: any Error, path: String, started: ContinuousClock.Instant) -> GeminiError {
        switch error {
        case let error as GeminiError:
            return error
        case is NIOTooManyBytesError:
            logger.warning("gemini answer too large", metadata: ["path": "\(path)"])
            return .responseTooLarge(limit: configuration.maxResponseBytes)
        case let error as HTTPClientError where [.deadlineExceeded, .readTimeout].contains(error):
            logger.warning("gemini call timed out", metadata: ["path": "\(path)", "elapsed": "\(ContinuousClock.now - started)"])
            return .timeout
        case let error where Self.failedBeforeSending(error):
            logger.warning("gemini connection failed", metadata: ["path": "\(path)", "error": "\(error)"])
            return .transport(String(describing: error))
        default:
            logger.warning("gemini connection lost", metadata: ["path": "\(path)", "error": "\(error)"])
            return .connectionLost(String(describing: error))
        }
    }

    /// Errors that prove no request reached the provider. Anything else after sending began
    /// leaves the attempt's fate (and its bill) unknown.
    static func failedBeforeSending(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPClientError: [.connectTimeout, .tlsHandshakeTimeout, .invalidURL].contains(error)
        case is NIOConnectionError: true
        case ChannelError.connectTimeout: true
        case let error as IOError: [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
        default: false
        }
    }

    /// The path of a URL without its query, which may carry a key or an upload credential.
    static func loggablePath(_ url: String) -> String {
        let withoutScheme = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        let path = withoutScheme.count == 4 ? "/" + withoutScheme[3] : url
        return String(path.prefix { $0 != "?" })
    }

    /// Reads the error envelope (or its one-element-array form), falling back to the raw text.
    static func decodeError(status: Int, headers: HTTPHeaders, body: Data) -> GeminiError {
        let retryAfter = headers.first(name: "Retry-After").flatMap(Double.init)
        let decoder = JSONDecoder()
        let envelope = (try? decoder.decode(ErrorEnvelope.self, from: body)) ?? (try? decoder.decode([ErrorEnvelope].self, from: body))?.first
        guard let envelope else {
            let text = String(decoding: body.prefix(512), as: UTF8.self)
            return .http(status: status, statusName: nil, message: text, retryDelay: retryAfter)
        }
        let error = envelope.error
        if status == 429, error.quotaIsZero { return .quotaZero(message: error.message) }
        return .http(status: status, statusName: error.status, message: error.message, retryDelay: error.retryDelaySeconds ?? retryAfter)
    }
}
