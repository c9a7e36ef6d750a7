import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The S3 calls a blob store needs, each signed (SigV4), with a deadline, a cap on what is
/// read, typed errors (`S3Error`) and a log line for every failure. Keys are relative to the
/// settings' prefix.
public struct S3Client: Sendable {
    public let settings: S3Settings
    let http: HTTPClient
    let signer: SigV4Signer
    let logger: Logger
    /// The `Host` header, signed, so it must be the one sent.
    let host: String

    public init(settings: S3Settings, httpClient: HTTPClient, logger: Logger) {
        self.settings = settings
        http = httpClient
        signer = SigV4Signer(accessKeyID: settings.accessKeyID, secretAccessKey: settings.secretAccessKey, region: settings.region)
        self.logger = logger
        let url = URL(string: settings.endpoint)
        host = (url?.host ?? "") + (url?.port.map { ":\($0)" } ?? "")
    }

    /// Stores an object, in parts when it is large (`S3Settings.multipartThreshold`).
    public func put(_ key: String, _ data: Data, contentType: String = "application/octet-stream") async throws {
        if data.count >= settings.multipartThreshold {
            try await putInParts(key, data, contentType: contentType)
        } else {
            _ = try await send(.PUT, key: key, body: data, headers: [("content-type", contentType)], operation: "PutObject")
        }
    }

    /// The object's bytes, read as they arrive up to `S3Settings.maxObjectBytes`; nil when there is none.
    public func get(_ key: String) async throws -> Data? {
        try await send(.GET, key: key, operation: "GetObject", missingIsNil: true)?.body
    }

    /// The object's ETag (multipart objects end in `-<parts>`), or nil when there is none.
    public func etag(_ key: String) async throws -> String? {
        try await send(.HEAD, key: key, operation: "HeadObject", missingIsNil: true)?.headers.first(name: "etag")
    }

    public func delete(_ key: String) async throws {
        _ = try await send(.DELETE, key: key, operation: "DeleteObject")
    }

    /// Every key under `prefix` (relative to the settings' prefix), page after page.
    public func keys(under prefix: String) async throws -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", settings.prefix + prefix)]
            if let token { query.append(("continuation-token", token)) }
            let page = String(decoding: try await send(.GET, key: nil, query: query, operation: "ListObjectsV2")?.body ?? Data(), as: UTF8.self)
            keys += XMLValues.all("Key", in: page).map { String($0.dropFirst(settings.prefix.count)) }
            token = XMLValues.first("IsTruncated", in: page) == "true" ? XMLValues.first("NextContinuationToken", in: page) : nil
        } while token != nil
        return keys
    }

    /// Whether the bucket is there and these keys may use it.
    public func bucketIsReachable() async -> Bool {
        (try? await send(.HEAD, key: nil, operation: "HeadBucket")) != nil
    }

    struct Reply {
        let headers: HTTPHeaders
        let body: Data
    }

    /// One signed call read whole: the 2xx reply, nil for a missing key when `missingIsNil`, or
    /// an `S3Error`. `key` nil addresses the bucket itself. A POST (creating or completing a
    /// multipart upload) is the one call not repeated after a failure: each would start or
    /// finish an upload anew.
    func send(
        _ method: HTTPMethod, key: String?, query: [(String, String)] = [], body: Data? = nil, headers extra: [(String, String)] = [],
        operation: String, missingIsNil: Bool = false
    ) async throws -> Reply? {
        try await call(operation, key: key, repeatable: method != .POST) { deadline in
            let request = signed(method, key: key, query: query, body: body, headers: extra)
            guard let response = try await execute(request, operation: operation, missingIsNil: missingIsNil, deadline: deadline) else {
                return nil
            }
            guard method != .HEAD else { return Reply(headers: response.headers, body: Data()) }
            let chunks = S3ObjectBody(response.body, deadline: deadline, operation: operation).makeAsyncIterator()
            return Reply(headers: response.headers, body: try await chunks.collect(upTo: settings.maxObjectBytes))
        }
    }

    /// The object's length and its bytes as they arrive, for a caller that passes them on
    /// without holding them all; nil when there is none. The call's deadline covers the whole
    /// body; a failure while it is read is logged here and thrown to the reader, not retried.
    public func open(_ key: String) async throws -> (length: Int?, chunks: S3ObjectBody)? {
        let started = ContinuousClock.now
        return try await call("GetObject", key: key, repeatable: true) { deadline in
            guard let response = try await execute(signed(.GET, key: key), operation: "GetObject", missingIsNil: true, deadline: deadline) else {
                return nil
            }
            let chunks = S3ObjectBody(response.body, deadline: deadline, operation: "GetObject") { failure in
                log(failure, key: key, started: started)
            }
            return (response.headers.first(name: "content-length").flatMap(Int.init), chunks)
        }
    }

    /// One S3 call from its first try to its answer or its typed, logged failure, all before
    /// the deadline `settings.timeoutSeconds` away, which `attempt` is given. A `repeatable`
    /// call is tried again after a transient failure (`S3Retry`) while the pause ends before the
    /// deadline; each try is signed anew.
    private func call<T>(
        _ operation: String, key: String?, repeatable: Bool, _ attempt: (ContinuousClock.Instant) async throws -> T
    ) async throws -> T {
        let started = ContinuousClock.now
        let deadline = started + .seconds(settings.timeoutSeconds)
        var attempts = 1
        while true {
            do {
                return try await attempt(deadline)
            } catch {
                // A caller that went away is no failure of the bucket's, and nothing to retry.
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let failure = Self.classify(error, operation: operation)
                let pause = settings.retry.delay(after: attempts)
                guard repeatable, attempts < settings.retry.maxAttempts, S3Retry.isTransient(failure), .now + pause < deadline else {
                    log(failure, key: key, started: started, attempts: attempts)
                    throw failure
                }
                logger.notice(
                    "S3 call retried",
                    metadata: [
                        "operation": "\(operation)", "bucket": "\(settings.bucket)", "key": "\(key ?? "")", "error": "\(failure)",
                        "attempt": "\(attempts)", "pause": "\(pause)",
                    ])
                try await Task.sleep(for: pause)
                attempts += 1
            }
        }
    }

    private func signed(
        _ method: HTTPMethod, key: String?, query: [(String, String)] = [], body: Data? = nil, headers extra: [(String, String)] = []
    ) -> HTTPClientRequest {
        let path = "/" + settings.bucket + (key.map { "/" + SigV4Signer.encodePath(settings.prefix + $0) } ?? "")
        let queryText = SigV4Signer.canonicalQuery(query)
        let now = Date()
        let payloadHash = SigV4Signer.hexSHA256(body ?? Data())
        let headers = [("host", host), ("x-amz-date", SigV4Signer.amzDate(now)), ("x-amz-content-sha256", payloadHash)] + extra
        let authorization = signer.authorization(
            for: .init(method: method.rawValue, path: path, query: query, headers: headers, payloadHash: payloadHash), at: now)
        var request = HTTPClientRequest(url: settings.endpoint + path + (queryText.isEmpty ? "" : "?" + queryText))
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: "authorization", value: authorization)
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return request
    }

    /// The response of a 2xx answer (its body not yet read), nil for a missing key when asked.
    private func execute(
        _ request: HTTPClientRequest, operation: String, missingIsNil: Bool, deadline: ContinuousClock.Instant
    ) async throws -> HTTPClientResponse? {
        let timeLeft = Int64(max(0, (deadline - .now) / .nanoseconds(1)))
        let response = try await http.execute(request, timeout: .nanoseconds(timeLeft), logger: logger)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let chunks = S3ObjectBody(response.body, deadline: deadline, operation: operation).makeAsyncIterator()
            let text = String(decoding: (try? await chunks.collect(upTo: 64 * 1024)) ?? Data(), as: UTF8.self)
            let code = XMLValues.first("Code", in: text)
            // A missing key is an answer; a missing bucket is not (a HEAD's 404 cannot say which).
            if status == 404, missingIsNil, code == nil || code == "NoSuchKey" { return nil }
            throw S3Error.refused(operation: operation, status: status, code: code, message: XMLValues.first("Message", in: text))
        }
        return response
    }

    /// `attempts` is nil for a body that failed after its call returned.
    private func log(_ failure: S3Error, key: String?, started: ContinuousClock.Instant, attempts: Int? = nil) {
        var metadata: Logger.Metadata = [
            "operation": "\(failure.operation)", "bucket": "\(settings.bucket)", "key": "\(key ?? "")", "error": "\(failure)",
            "elapsed": "\(ContinuousClock.now - started)",
        ]
        if let attempts { metadata["attempts"] = "\(attempts)" }
        logger.warning("S3 call failed", metadata: metadata)
    }

    static func classify(_ error: any Error, operation: String) -> S3Error {
        switch error {
        case let error as S3Error: error
        case let error as HTTPClientError where [.deadlineExceeded, .readTimeout].contains(error): .timedOut(operation: operation)
        default: .transport(operation: operation, detail: String(describing: error))
        }
    }
}
