import Foundation
import GeminiClient
import HTTPTypes
import Hummingbird
import Logging

/// The Gemini emulator as a Hummingbird application: the REST subset VTON Lab uses, on its own port.
public enum EmulatorServer {
    static let maxRequestBytes = 100 * 1024 * 1024

    public static func buildApplication(
        configuration: EmulatorConfiguration, journal: RequestJournal = RequestJournal(), logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        let generate = GenerateContentHandler(configuration: configuration, journal: journal)

        router.post("/{version}/models/{target}") { request, context -> Response in
            await respond {
                try checkKey(request, required: configuration.requiredAPIKey)
                let version = try context.parameters.require("version")
                let target = try context.parameters.require("target")
                let pieces = target.split(separator: ":", maxSplits: 1).map(String.init)
                guard ["v1beta", "v1", "v1alpha"].contains(version), pieces.count == 2 else { throw ProviderError.notFound }
                let body = try await request.body.collect(upTo: maxRequestBytes)
                switch pieces[1] {
                case "generateContent":
                    return try await generate.respond(model: pieces[0], version: version, body: Data(body.readableBytesView))
                default:
                    throw ProviderError.notFound
                }
            }
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vton-gemini-emulator"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// The key may come as `x-goog-api-key` or `?key=`; the header wins.
    static func checkKey(_ request: Request, required: String?) throws {
        let key = request.headers[HTTPField.Name("x-goog-api-key")!] ?? request.uri.queryParameters.get("key")
        guard let key, !key.isEmpty else { throw ProviderError.missingKey }
        if let required, key != required { throw ProviderError.invalidKey }
    }

    /// Encodes a success as `200` JSON and any failure in the service's error envelope.
    static func respond(_ body: () async throws -> some Encodable) async -> Response {
        do {
            return try json(.ok, await body())
        } catch let error as ProviderError {
            return (try? json(HTTPResponse.Status(code: error.httpStatus), error.envelope)) ?? Response(status: .internalServerError)
        } catch is CancellationError {
            return Response(status: .serviceUnavailable)
        } catch {
            let failure = ProviderError(500, "INTERNAL", "An internal error has occurred: \(error)")
            return (try? json(.internalServerError, failure.envelope)) ?? Response(status: .internalServerError)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
