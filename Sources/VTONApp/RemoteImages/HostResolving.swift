import Foundation
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Turns a host name into the addresses a connection could reach.
protocol HostResolving: Sendable {
    func addresses(of host: String) async throws -> [IPAddress]
}

/// The system resolver (getaddrinfo: /etc/hosts, then DNS), off the async executor.
struct SystemHostResolver: HostResolving {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func addresses(of host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive { try Self.lookup(host) }
    }

    static func lookup(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { throw Failure(description: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            if let socketAddress = info.ai_addr {
                switch info.ai_family {
                case AF_INET:
                    let raw = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    addresses.append(withUnsafeBytes(of: raw) { IPAddress(bytes: Array($0)) }!)
                case AF_INET6:
                    let raw = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(withUnsafeBytes(of: raw) { IPAddress(bytes: Array($0)) }!)
                default: break
                }
            }
            entry = info.ai_next
        }
        return addresses
    }
}
