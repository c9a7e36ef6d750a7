import AsyncHTTPClient
import Foundation
import GeminiClient
import GeminiEmulator
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Testing

/// An emulator on a loopback port for one test, reached with the real REST client or with raw
/// HTTP where the JSON itself is under test.
struct EmulatorHarness: Sendable {
    let port: Int
    let client: GeminiRESTClient
    static let logger = Logger(label: "test")

    static func run(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0), timeoutSeconds: Double = 60, inlineBatchLimit: Int = 20_000_000,
        callLog: CallLog? = nil, _ body: @Sendable (EmulatorHarness) async throws -> Void
    ) async throws {
        var configuration = configuration
        configuration.port = 0
        let app = EmulatorServer.buildApplication(configuration: configuration, callLog: callLog, logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let rest = GeminiRESTClient(
                configuration: GeminiConfiguration(
                    baseURL: "http://127.0.0.1:\(port)", apiKey: "test-key", timeoutSeconds: timeoutSeconds, inlineBatchLimit: inlineBatchLimit),
                logger: logger)
            try await body(EmulatorHarness(port: port, client: rest))
        }
    }

    /// Status and parsed JSON body of one call with the test key.
    func call(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> (status: Int, body: [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "x-goog-api-key", value: "test-key")
        if let json { request.body = .bytes(ByteBuffer(string: json)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let data = Data(try await response.body.collect(upTo: 1 << 28).readableBytesView)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (Int(response.status.code), try #require(object))
    }

    /// A raw generateContent call: the prompt as text, optionally an image, and imageConfig.
    func generate(
        _ model: String, prompt: String, ratio: String = "1:1", size: String? = nil, modalities: [String] = ["TEXT", "IMAGE"], image: Data? = nil
    ) async throws -> (status: Int, body: [String: Any]) {
        var parts: [[String: Any]] = [["text": prompt]]
        if let image { parts.insert(["inlineData": ["mimeType": "image/png", "data": image.base64EncodedString()]], at: 0) }
        var imageConfig: [String: Any] = ["aspectRatio": ratio]
        if let size { imageConfig["imageSize"] = size }
        let body: [String: Any] = [
            "contents": [["role": "user", "parts": parts]],
            "generationConfig": ["responseModalities": modalities, "imageConfig": imageConfig],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try await call(.POST, "/v1beta/models/\(model):generateContent", json: json)
    }

    static func request(_ prompt: String, ratio: String = "1:1", size: String? = "1K") -> GenerateContentRequest {
        GenerateContentRequest(
            contents: [Content(role: "user", parts: [.text(prompt)])],
            generationConfig: GenerationConfig(responseModalities: ["TEXT", "IMAGE"], imageConfig: ImageConfig(aspectRatio: ratio, imageSize: size)))
    }
}

/// Reading the answer JSON without the client's types, which decode only what VTON Lab uses.
enum AnswerJSON {
    static func parts(_ body: [String: Any]) -> [[String: Any]] {
        let candidate = (body["candidates"] as? [[String: Any]])?.first
        return (candidate?["content"] as? [String: Any])?["parts"] as? [[String: Any]] ?? []
    }

    static func candidate(_ body: [String: Any]) -> [String: Any] { (body["candidates"] as? [[String: Any]])?.first ?? [:] }

    static func image(_ part: [String: Any]) -> (mimeType: String, data: Data)? {
        guard let inline = part["inlineData"] as? [String: Any], let mime = inline["mimeType"] as? String,
            let base64 = inline["data"] as? String, let data = Data(base64Encoded: base64)
        else { return nil }
        return (mime, data)
    }

    static func details(_ body: [String: Any], type: String) -> [String: Any]? {
        let details = (body["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []
        return details.first { $0["@type"] as? String == "type.googleapis.com/google.rpc.\(type)" }
    }

    static func usage(_ body: [String: Any]) -> [String: Any] { body["usageMetadata"] as? [String: Any] ?? [:] }

    /// `[{modality, tokenCount}]` as a dictionary.
    static func modalities(_ list: Any?) -> [String: Int] {
        var result: [String: Int] = [:]
        for entry in list as? [[String: Any]] ?? [] {
            if let modality = entry["modality"] as? String { result[modality] = entry["tokenCount"] as? Int }
        }
        return result
    }
}
