import Foundation
import GeminiClient
import HTTPTypes
import Hummingbird
import Logging

/// The Gemini emulator as a Hummingbird application: the REST subset VTON Lab uses
/// (generateContent, Batch, Files, Models), on its own port.
public enum EmulatorServer {
    static let maxRequestBytes = 100 * 1024 * 1024
    static let versions: Set<String> = ["v1beta", "v1", "v1alpha"]

    /// Creates the directory batches and files are kept in; the command line calls it first to
    /// fail early, naming the setting, on a directory that cannot be used.
    public static func prepareDataDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public static func buildApplication(
        configuration: EmulatorConfiguration, journal: RequestJournal = RequestJournal(), callLog: CallLog? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        let models = ModelDirectory(allowed: configuration.models)
        let generate = GenerateContentHandler(configuration: configuration, journal: journal, callLog: callLog, models: models)
        let directory = URL(
            fileURLWithPath: configuration.dataDirectory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("vton-emulator-\(UUID().uuidString.prefix(8))").path)
        let (store, fileStore): (BatchStore, FileStore)
        do {
            try prepareDataDirectory(directory.path)
            store = try BatchStore(dataDirectory: directory, logger: logger)
            fileStore = try FileStore(dataDirectory: directory, logger: logger)
        } catch {
            // The command line checks the directory before it gets here (prepareDataDirectory).
            fatalError("the emulator cannot use its data directory \(directory.path): \(error)")
        }
        let batches = BatchHandler(configuration: configuration, store: store, files: fileStore, models: models)
        let files = FilesHandler(files: fileStore)
        // A temporary directory lives as long as the emulator.
        let worker = BatchWorker(
            store: store, files: fileStore, generate: generate, logger: logger,
            removeOnShutdown: configuration.dataDirectory == nil ? directory : nil)
        let gate = Gate(requiredKey: configuration.requiredAPIKey)

        router.post("/{version}/models/{target}") { request, context in
            await gate.handle(request, context) { version, target in
                let body = Data(try await request.body.collect(upTo: maxRequestBytes).readableBytesView)
                switch target.action {
                case "generateContent": return try await generate.respond(model: target.name, version: version, body: body)
                case "batchGenerateContent": return try await batches.create(model: target.name, version: version, body: body)
                default: throw ProviderError.notFound
                }
            }
        }
        router.get("/{version}/models") { request, context in
            await gate.handle(request, context) { _, _ in
                try json(models.list(pageSize: pageSize(request), pageToken: request.uri.queryParameters.get("pageToken")))
            }
        }
        router.get("/{version}/models/{target}") { request, context in
            await gate.handle(request, context) { version, target in
                guard target.action == nil else { throw ProviderError.notFound }
                return try json(try models.get(target.name, version: version))
            }
        }
        router.get("/{version}/batches") { request, context in
            await gate.handle(request, context) { _, _ in
                try await batches.list(pageSize: pageSize(request), pageToken: request.uri.queryParameters.get("pageToken"))
            }
        }
        router.get("/{version}/batches/{target}") { request, context in
            await gate.handle(request, context) { _, target in try await batches.get(target.name) }
        }
        router.post("/{version}/batches/{target}") { request, context in
            await gate.handle(request, context) { _, target in
                guard target.action == "cancel" else { throw ProviderError.notFound }
                return try json(try await batches.cancel(target.name))
            }
        }
        router.delete("/{version}/batches/{target}") { request, context in
            await gate.handle(request, context) { _, target in
                guard target.action == nil || target.action == "delete" else { throw ProviderError.notFound }
                return try json(try await batches.delete(target.name))
            }
        }
        router.post("/upload/{version}/files") { request, context in
            // The byte transfer carries no key: its upload_id is the credential.
            let needsKey = request.uri.queryParameters.get("upload_id") == nil
            return await gate.handle(request, context, checkKey: needsKey) { version, _ in
                try await files.upload(request, version: version, body: Data(try await request.body.collect(upTo: maxRequestBytes).readableBytesView))
            }
        }
        router.get("/{version}/files") { request, context in
            await gate.handle(request, context) { _, _ in
                try json(await files.list(pageSize: pageSize(request), pageToken: request.uri.queryParameters.get("pageToken")))
            }
        }
        router.get("/{version}/files/{target}") { request, context in
            await gate.handle(request, context) { _, target in
                target.action == "download" ? try await files.download(target.name) : try json(try await files.get(target.name))
            }
        }
        router.delete("/{version}/files/{target}") { request, context in
            await gate.handle(request, context) { _, target in try json(try await files.delete(target.name)) }
        }
        router.get("/download/{version}/files/{target}") { request, context in
            await gate.handle(request, context) { _, target in try await files.download(target.name) }
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vton-gemini-emulator"),
            services: [worker], logger: logger)
    }

    /// `name:action` as the last path segment (`gemini-3-pro-image:generateContent`, `abc:cancel`).
    struct Target {
        let name: String
        let action: String?

        init(_ segment: String?) {
            let pieces = (segment ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            name = pieces.first ?? ""
            action = pieces.count == 2 ? pieces[1] : nil
        }
    }

    /// Checks version and key, then answers with the route's response or the error envelope.
    struct Gate: Sendable {
        /// Any non-empty key is accepted unless the emulator was started with one.
        let requiredKey: String?

        func handle(
            _ request: Request, _ context: BasicRequestContext, checkKey: Bool = true, _ body: (String, Target) async throws -> Response
        ) async -> Response {
            do {
                if checkKey { try self.checkKey(request) }
                guard let version = context.parameters.get("version"), versions.contains(version) else { throw ProviderError.notFound }
                return try await body(version, Target(context.parameters.get("target")))
            } catch let error as ProviderError {
                return (try? json(error.envelope, status: HTTPResponse.Status(code: error.httpStatus))) ?? Response(status: .internalServerError)
            } catch is CancellationError {
                return Response(status: .serviceUnavailable)
            } catch {
                let failure = ProviderError(500, "INTERNAL", "An internal error has occurred: \(error)")
                return (try? json(failure.envelope, status: .internalServerError)) ?? Response(status: .internalServerError)
            }
        }

        /// The key may come as `x-goog-api-key` or `?key=`; the header wins.
        func checkKey(_ request: Request) throws {
            let key = request.headers[HTTPField.Name("x-goog-api-key")!] ?? request.uri.queryParameters.get("key")
            guard let key, !key.isEmpty else { throw ProviderError.missingKey }
            if let requiredKey, key != requiredKey { throw ProviderError.invalidKey }
        }
    }

    static func pageSize(_ request: Request) -> Int {
        min(request.uri.queryParameters.get("pageSize").flatMap(Int.init) ?? 50, 1000)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }
}
