import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One line per record on standard error, in the shape of swift-log's `StreamLogHandler`
/// (`time level label : key=value … [source] message`), but metadata is formatted only when a
/// record is written. `StreamLogHandler` formats it again on every change: each request sets its
/// request id twice and each WebSocket keeps its logger for as long as it is open, so the eager
/// form cost CPU per request and about a kilobyte per socket even when nothing was logged.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void = LineLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        var line = RFC3339.string(Date())
        line += " \(event.level) \(label) :"
        for key in merged.keys.sorted() { line += " \(key)=\(merged[key]!)" }
        line += " [\(event.source)] \(event.message)\n"
        write(line)
    }

    /// One `write(2)` per line, so lines from concurrent tasks never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 {
                    if written < 0, errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
