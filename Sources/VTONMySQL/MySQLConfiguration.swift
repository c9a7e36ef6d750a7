import Foundation

/// Where and how to connect, from `mysql://user:pass@host:3306/db?tls=require`. `tls` is
/// `disable` (the default), `require` (encrypted, refusing a server without TLS) or `verify`
/// (also checks the server's certificate and name against the system's trust store).
public struct MySQLConfiguration: Sendable, Equatable {
    public enum TLS: String, Sendable, Equatable {
        case disable, require, verify
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String
    public var database: String
    public var tls: TLS

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(url text: String) throws(Invalid) {
        guard let url = URLComponents(string: text), url.scheme == "mysql" || url.scheme == "mariadb" else {
            throw Invalid(description: "\"\(text)\" is not mysql://user:pass@host:3306/db")
        }
        guard let host = url.host, !host.isEmpty else { throw Invalid(description: "\"\(text)\" names no host") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw Invalid(description: "\"\(text)\" names no database (…/db)") }
        self.host = host
        port = url.port ?? 3306
        username = url.percentEncodedUser?.removingPercentEncoding ?? "root"
        password = url.percentEncodedPassword?.removingPercentEncoding ?? ""
        self.database = database
        tls = .disable
        for item in url.queryItems ?? [] where ["tls", "ssl", "sslmode", "ssl-mode"].contains(item.name.lowercased()) {
            switch item.value?.lowercased() {
            case "disable", "disabled", "false", "0": tls = .disable
            case "require", "required", "true", "1": tls = .require
            case "verify", "verify-full", "verify_identity", "verify-identity": tls = .verify
            default: throw Invalid(description: "\(item.name)=\(item.value ?? "") is not one of disable, require, verify")
            }
        }
    }
}
