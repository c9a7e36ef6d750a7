import Foundation

/// Reads a JSONL file one line at a time, so a file of hundreds of megabytes (batch input with
/// images, batch results) is never held whole.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    /// Bytes up to and including the last newline read.
    private(set) var terminatedBytes: UInt64 = 0
    static let chunkBytes = 1 << 20

    init(_ url: URL) throws { handle = try FileHandle(forReadingFrom: url) }

    deinit { try? handle.close() }

    /// The next non-empty line without its newline; nil at the end. A last line without a
    /// newline is returned only if `includeUnterminated` (a writer may have stopped mid-line).
    func next(includeUnterminated: Bool = true) throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                terminatedBytes += UInt64(line.count + 1)
                if line.isEmpty { continue }
                return Data(line)
            }
            if atEnd {
                defer { buffer = Data() }
                return includeUnterminated && !buffer.isEmpty ? buffer : nil
            }
            let chunk = try handle.read(upToCount: Self.chunkBytes) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
        }
    }
}

enum JSONLines {
    /// Appends one encoded value and a newline.
    static func append(_ line: Data, to url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line + Data([UInt8(ascii: "\n")]))
    }

    /// Counts complete lines and cuts off a trailing partial one, left by a process that stopped
    /// while writing it, so appending resumes on a line boundary.
    static func repair(_ url: URL) throws -> Int {
        guard FileManager.default.fileExists(atPath: url.path) else { return 0 }
        let reader = try LineReader(url)
        var count = 0
        while try reader.next(includeUnterminated: false) != nil { count += 1 }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: reader.terminatedBytes)
        return count
    }
}
