import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to a loopback port, for what an HTTP client library would hide:
/// how a server answers a client that sends everything before reading, or stops half-way.
/// Every send and read has a deadline, so a server that stalls cannot hang a test, and runs on
/// a thread of its own: blocking the cooperative pool (two threads on a two-core machine)
/// starved the in-process server the test was waiting for.
final class LoopbackSocket: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let descriptor: Int32

    init(port: Int, timeoutSeconds: Int = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure(description: "connect() failed")
        }
    }

    deinit { close(descriptor) }

    /// Sends all of `bytes`; false when the send deadline passed (or the peer went away) first.
    @discardableResult
    func send(_ bytes: some Collection<UInt8>) async -> Bool {
        let bytes = Array(bytes)
        return await Self.onOwnThread { self.sendNow(bytes) }
    }

    func sendNow(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// The next bytes the server sends: empty once it has closed its side, nil when the read
    /// deadline passed or the connection failed.
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count >= 0 ? Array(buffer[..<count]) : nil
    }

    /// What arrives until the server closes its side (`closed`) or the read deadline passes.
    func readToEnd() async -> (text: String, closed: Bool) {
        await Self.onOwnThread { self.readToEndNow() }
    }

    private func readToEndNow() -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        while let bytes = receive() {
            if bytes.isEmpty { return (String(decoding: received, as: UTF8.self), true) }
            received += bytes
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { finished in Thread.detachNewThread { finished.resume(returning: body()) } }
    }
}
