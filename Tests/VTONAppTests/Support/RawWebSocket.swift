import Foundation

/// A WebSocket handshake over a plain TCP socket, reading the server's bytes as they come.
/// For checking a close the server sends right after the upgrade, where a client library may
/// race its own upgrade handling; every read has a deadline, so it cannot hang a test.
enum RawWebSocket {
    /// The status line of the handshake answer and the code of the first close frame after it.
    static func closeCode(port: Int, path: String, timeoutSeconds: Int = 10) async throws -> (status: String, closeCode: UInt16?) {
        let socket = try LoopbackSocket(port: port, timeoutSeconds: timeoutSeconds)
        return await LoopbackSocket.onOwnThread { exchange(socket, port: port, path: path) }
    }

    private static func exchange(_ socket: LoopbackSocket, port: Int, path: String) -> (status: String, closeCode: UInt16?) {
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        socket.sendNow(Array(request.utf8))

        var received: [UInt8] = []
        while true {
            if let end = headerEnd(received) {
                let status = String(decoding: received[..<end], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
                let frame = Array(received[(end + 4)...])
                // A close frame: FIN + opcode 8, a short payload starting with the 2-byte code.
                if frame.count >= 4, frame[0] == 0x88 { return (status, UInt16(frame[2]) << 8 | UInt16(frame[3])) }
                if frame.count >= 1, frame[0] != 0x88 { return (status, nil) }
            }
            guard let bytes = socket.receive(), !bytes.isEmpty else { break }
            received += bytes
        }
        let status = headerEnd(received).map { String(decoding: received[..<$0], as: UTF8.self).components(separatedBy: "\r\n").first ?? "" }
        return (status ?? "no answer", nil)
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
