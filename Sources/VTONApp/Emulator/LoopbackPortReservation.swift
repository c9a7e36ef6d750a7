import Foundation

/// A loopback port kept for the emulator while the server runs. Finding a free port by binding
/// to port 0 and closing that socket at once left a moment in which another socket could take
/// the port first: a test server binding port 0 sometimes did, the emulator could not start,
/// and the whole server stopped. This socket stays bound without listening, so the kernel
/// gives the port to no other socket, while the emulator, which also sets SO_REUSEADDR, may
/// bind it and listen (again after a restart).
final class LoopbackPortReservation: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "reserving a loopback port: \(call) failed: \(String(cString: strerror(code)))" }
    }

    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(call: "socket", code: errno) }
        do {
            var on: Int32 = 1
            guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                throw Failure(call: "setsockopt", code: errno)
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
                }
            }
            guard bound else { throw Failure(call: "bind", code: errno) }
            port = Int(UInt16(bigEndian: address.sin_port))
        } catch {
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
