import Foundation
import Hummingbird

/// Response bodies read from disk as they are sent, so batch results of hundreds of megabytes
/// pass through the emulator a chunk at a time. Reads are plain blocking file reads of 1 MiB
/// from a file just written, which the page cache answers in well under a millisecond.
enum StreamedBody {
    /// A file's bytes as they are.
    static func file(_ url: URL, contentType: String) throws -> Response {
        let handle = try FileHandle(forReadingFrom: url)
        return Response(
            status: .ok, headers: [.contentType: contentType],
            body: ResponseBody { writer in
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: LineReader.chunkBytes), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
    }

    /// The placeholder `value` carries where inline results belong: an empty results array.
    /// Inside a JSON string every quote is escaped, so this text cannot occur in one.
    static let placeholder = Data(#""inlinedResponses":[]"#.utf8)

    /// `value` as JSON, with its n-th empty `inlinedResponses` array filled from the n-th JSONL
    /// file of `inlineResults`: the file's lines become the array's elements.
    static func json(_ value: some Encodable, inlineResults: [URL]) throws -> Response {
        let segments = split(try JSONEncoder().encode(value))
        guard segments.count == inlineResults.count + 1 else {
            throw ProviderError(500, "INTERNAL", "An internal error has occurred: inline results do not match the operation.")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=UTF-8"],
            body: ResponseBody { writer in
                for (index, segment) in segments.enumerated() {
                    try await writer.write(ByteBuffer(bytes: segment))
                    guard index < inlineResults.count else { break }
                    try await writer.write(ByteBuffer(string: #""inlinedResponses":["#))
                    try await writeElements(of: inlineResults[index], to: &writer)
                    try await writer.write(ByteBuffer(string: "]"))
                }
                try await writer.finish(nil)
            })
    }

    /// The text around each placeholder.
    private static func split(_ encoded: Data) -> [Data] {
        var segments: [Data] = []
        var rest = encoded[...]
        while let range = rest.firstRange(of: placeholder) {
            segments.append(Data(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        return segments + [Data(rest)]
    }

    /// The lines of a JSONL file as array elements: every newline becomes a comma between them.
    private static func writeElements(of url: URL, to writer: inout any ResponseBodyWriter) async throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var wroteElement = false
        var lineEnded = false
        while let chunk = try handle.read(upToCount: LineReader.chunkBytes), !chunk.isEmpty {
            for (index, piece) in chunk.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                if index > 0 { lineEnded = true }
                guard !piece.isEmpty else { continue }
                if lineEnded && wroteElement { try await writer.write(ByteBuffer(string: ",")) }
                try await writer.write(ByteBuffer(bytes: piece))
                wroteElement = true
                lineEnded = false
            }
        }
    }
}
