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

    public init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        identity = nil
        requestID = String(UUID().uuidString.prefix(8)).lowercased()
        clientAddress = source.channel.remoteAddress?.ipAddress
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
        encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey(path.last!) }
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// RFC 3339 in UTC with milliseconds, written by hand: every task in every list has three
    /// of these, and Foundation's formatter cost more than the rest of the encoding.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t((milliseconds >= 0 ? milliseconds : milliseconds - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let fraction = Int32(milliseconds - Int64(seconds) * 1000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(fraction, 3))Z"
    }
}

/// `createdAt` → `created_at`, computed once per distinct key instead of on every encode.
private struct SnakeCaseKey: CodingKey {
    private static let cache = Mutex<[String: String]>([:])
    let stringValue: String
    let intValue: Int?

    init(_ key: any CodingKey) {
        intValue = key.intValue
        let name = key.stringValue
        if let known = Self.cache.withLock({ $0[name] }) {
            stringValue = known
            return
        }
        // Foundation's word split: a capital after a lower-case letter starts a word, and so
        // does the last capital of a run followed by a lower-case letter (`taskID` → `task_id`).
        let characters = Array(name)
        var snake = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0, characters[index - 1] != "_" {
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if !characters[index - 1].isUppercase || nextIsLower { snake.append("_") }
            }
            snake.append(contentsOf: character.lowercased())
        }
        stringValue = snake
        Self.cache.withLock { $0[name] = snake }
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
