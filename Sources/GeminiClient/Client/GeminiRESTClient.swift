import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The Gemini REST client (gemini-rest.md §1–§4): JSON over HTTP with a deadline, a body cap,
/// typed errors and no key in any log line.
public struct GeminiRESTClient: ImageGenerating {
    let configuration: GeminiConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    static let userAgent = "vton-lab/1.0 gl-swift/6"

    public init(configuration: GeminiConfiguration, httpClient: HTTPClient = .shared, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    public func generateContent(model: String, request: GenerateContentRequest) async throws(GeminiError) -> GenerationOutcome {
        let path = "/\(configuration.apiVersion)/models/\(model):generateContent"
        let body: Data
        do { body = try JSONEncoder().encode(request) } catch {
            throw .malformedResponse("request could not be encoded: \(error)")
        }
        let data = try await send(method: .POST, path: path, body: body)
        let response: GenerateContentResponse
        do { response = try JSONDecoder().decode(GenerateContentResponse.self, from: data) } catch {
            logger.warning("gemini response undecodable", metadata: ["path": "\(path)", "error": "\(error)"])
            throw .malformedResponse("\(error)")
        }
        return try GenerationOutcome(response)
    }

    /// One HTTP exchange: a 200 body, or the error the service (or the network) gave.
    func send(method: HTTPMethod, path: String, body: Data?) async throws(GeminiError) -> Data {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "x-goog-api-key", value: configuration.apiKey)
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "x-goog-api-client", value: Self.userAgent)
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }

        let started = ContinuousClock.now
        do {
            let response = try await httpClient.execute(request, timeout: .milliseconds(Int64(configuration.timeoutSeconds * 1000)), logger: logger)
            let buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            let data = Data(buffer.readableBytesView)
            guard response.status == .ok else {
                let error = Self.decodeError(status: Int(response.status.code), headers: response.headers, body: data)
                logger.warning(
                    "gemini call failed",
                    metadata: [
                        "path": "\(path)", "status": "\(response.status.code)", "error": "\(error)", "elapsed": "\(ContinuousClock.now - started)",
                    ])
                throw error
            }
            return data
        } catch let error as GeminiError {
            throw error
        } catch is NIOTooManyBytesError {
            logger.warning("gemini answer too large", metadata: ["path": "\(path)"])
            throw .responseTooLarge(limit: configuration.maxResponseBytes)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            logger.warning("gemini call timed out", metadata: ["path": "\(path)", "elapsed": "\(ContinuousClock.now - started)"])
            throw .timeout
        } catch {
            logger.warning("gemini transport failure", metadata: ["path": "\(path)", "error": "\(error)"])
            throw .transport(String(describing: error))
        }
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
        return .http(status: status, statusName: error.status, message: error.message, retryDelay: error.retryDelaySeconds ?? retryAfter)
    }
}
