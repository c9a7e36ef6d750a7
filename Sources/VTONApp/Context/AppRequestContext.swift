import Foundation
import Hummingbird
import HummingbirdWebSocket
import VTONDomain

/// The authenticated caller of a request.
public struct Identity: Sendable {
    public let user: User
}

/// Request context for every route: the identity set by `AuthMiddleware`, the request id and
/// the project's JSON conventions (snake_case, RFC 3339 with milliseconds).
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public var identity: Identity?
    public var requestID: String

    public init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        identity = nil
        requestID = String(UUID().uuidString.prefix(8)).lowercased()
    }

    public var requestDecoder: JSONRequestDecoder { JSONRequestDecoder() }
    public var responseEncoder: JSONEncoder { WireJSON.encoder }

    /// The caller, or a 401 when the route was reached without a token.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.unauthorized }
        return identity
    }
}

enum WireJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
