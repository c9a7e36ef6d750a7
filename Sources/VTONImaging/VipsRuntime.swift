import CVips
import Foundation

/// libvips must be initialised once per process before any other call.
public enum VipsRuntime {
    /// Recursive: a job may call functions that are themselves whole jobs (inspect, normalise).
    private static let lock = NSRecursiveLock()
    private static let queue = DispatchQueue(label: "vton.imaging")

    /// Runs one whole libvips job (open, transform, encode) while no other job runs.
    /// libvips 8.14 with pango and glib as shipped by Debian 12 has crashed (SIGFPE in
    /// g_hash_table_lookup, libvips#3660) when jobs built images on several threads at once;
    /// libvips still spreads each job's pixel work over its own worker threads.
    public static func exclusive<T, E: Error>(_ job: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try job()
    }

    /// Runs a job as `exclusive` does, on a thread of its own: an async caller waiting its
    /// turn holds no thread of the concurrency pool or of NIO's blocking pool, which would
    /// otherwise stall every other request (and file reads) behind a long conversion.
    public static func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try exclusive(job) }) }
        }
    }

    private static let started: Bool = {
        let status = cvips_init()
        // Every operation here runs on fresh inputs; libvips' operation cache would only hold memory.
        vips_cache_set_max(0)
        return status == 0
    }()

    static func ensureStarted() throws(ImagingError) {
        guard started else { throw .library("libvips failed to initialise") }
    }

    /// Takes libvips' error text and clears it for the next call.
    static func takeError() -> String {
        let message = String(cString: vips_error_buffer()).trimmingCharacters(in: .whitespacesAndNewlines)
        vips_error_clear()
        return message.isEmpty ? "libvips operation failed" : message
    }
}
