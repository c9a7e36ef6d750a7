import Foundation

/// One JSON line per generateContent call the emulator accepted, appended to a file
/// (`vton emulator --call-log`). Server processes sharing one emulator each see only their own
/// calls, and the emulator's in-memory journal ends with it: the file lets a test count, per
/// prompt, how often the provider was really called, whichever process called it and whether
/// that process lived to read the answer.
public actor CallLog {
    public struct Line: Codable, Equatable, Sendable {
        public let model: String
        public let prompt: String

        public init(model: String, prompt: String) {
            self.model = model
            self.prompt = prompt
        }
    }

    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    private let handle: FileHandle
    private let encoder = JSONEncoder()

    /// Opened once, for appending: an earlier run's lines stay, and a path that cannot be
    /// written stops the emulator at start instead of losing the count.
    public init(path: String) throws(OpenError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OpenError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Written when the call is accepted, before its answer: a caller that dies waiting for
    /// the answer still made the call.
    func append(_ line: Line) throws {
        try handle.write(contentsOf: encoder.encode(line) + Data("\n".utf8))
    }
}
