import Foundation
import Hummingbird
import HummingbirdWebSocket
import Synchronization
import VTONDomain

/// The authenticated caller of a request: a user by token, or a program by one of its API keys.
public struct Identity: Sendable {
    public let user: User
    public let roles: [Role]
    /// What the caller may do: all for a superuser, the roles' union otherwise, and for an
    /// API key only what it names of that.
    public let permissions: Set<Permission>
    public let apiKeyID: UUID?

    init(user: User, roles: [Role], apiKey: APIKey? = nil) {
        self.user = user
        self.roles = roles
        let held = user.isSuperuser ? Set(Permission.allCases) : roles.reduce(into: Set<Permission>()) { $0.formUnion($1.permissions) }
        permissions = apiKey.map { held.intersection($0.permissions) } ?? held
        apiKeyID = apiKey?.id
    }

    func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// Request context for every route: the identity set by `IdentifyMiddleware`, the request id and
/// the project's JSON conventions (snake_case, RFC 3339 with milliseconds).
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public var identity: Identity?
    public var requestID: String
    /// The peer's IP address, for login throttling and the audit log.
    public let clientAddress: String?
    /// The largest body this request's route reads, set by `BodyLimitMiddleware`.
    public var maxBodyBytes = BodyLimitMiddleware.smallJSONBytes

    public init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        identity = nil
        requestID = RequestIDs.next()
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var requestDecoder: JSONRequestDecoder { JSONRequestDecoder(maxBodyBytes: maxBodyBytes) }
    public var responseEncoder: WireJSONEncoder { WireJSONEncoder() }

    /// The caller, or a 401 when the route was reached without a token.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.unauthorized }
        return identity
    }
}

/// Request ids: eight hex digits counting up from a random start, unique within a process for
/// four billion requests and unlikely to repeat across restarts. A UUID per request cost more
/// than it bought (its text is formatted by `snprintf`).
enum RequestIDs {
    private static let counter = Atomic<UInt32>(UInt32.random(in: .min ... .max))

    static func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
