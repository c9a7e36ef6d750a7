import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Fires requests at a test server all at once, each on a connection of its own, for the
/// races a single test client (one connection, one request at a time) can never start.
enum Burst {
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// Sends `count` requests at the same moment; `body(i)` is the i-th request's JSON body.
    static func post(
        port: Int, _ path: String, count: Int, token: String? = nil, headers: [(String, String)] = [], body: @Sendable (Int) -> Any
    ) async throws -> [Reply] {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = count
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let replies = try await withThrowingTaskGroup(of: (Int, Reply).self) { group in
                for index in 0..<count {
                    let payload = try JSONSerialization.data(withJSONObject: body(index))
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                        for (name, value) in headers { request.headers.add(name: name, value: value) }
                        request.body = .bytes(ByteBuffer(bytes: payload))
                        let response = try await client.execute(request, timeout: .seconds(60))
                        let bytes = try await response.body.collect(upTo: 1 << 22)
                        return (index, Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView)))
                    }
                }
                var replies: [(Int, Reply)] = []
                for try await reply in group { replies.append(reply) }
                return replies.sorted { $0.0 < $1.0 }.map(\.1)
            }
            try await client.shutdown()
            return replies
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
