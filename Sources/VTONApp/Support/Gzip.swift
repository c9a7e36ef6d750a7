import CZlib
import NIOCore

/// gzip (RFC 1952) in one call, for bodies small enough to hold in memory.
enum Gzip {
    struct Failed: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "zlib failed with code \(code)" }
    }

    static func compress(_ input: ByteBuffer) throws(Failed) -> ByteBuffer {
        var stream = z_stream()
        // 15 window bits, plus 16 for a gzip header and trailer instead of zlib's.
        let started = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { throw Failed(code: started) }
        defer { deflateEnd(&stream) }
        var output = ByteBuffer()
        let bound = Int(deflateBound(&stream, UInt(input.readableBytes)))
        var code = Z_OK
        input.withUnsafeReadableBytes { source in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = UInt32(target.count)
                code = deflate(&stream, Z_FINISH)
                return code == Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            }
        }
        // deflateBound leaves room for everything, so one call ends the stream.
        guard code == Z_STREAM_END else { throw Failed(code: code) }
        return output
    }
}
