import CVips
import Foundation

/// libvips must be initialised once per process before any other call.
public enum VipsRuntime {
    private static let lock = NSLock()

    /// Runs one whole libvips job (open, transform, encode) while no other job runs.
    /// libvips 8.14 with pango and glib as shipped by Debian 12 crashes (SIGFPE in
    /// g_hash_table_lookup, libvips#3660) when jobs build images on several threads at once;
    /// libvips still spreads each job's pixel work over its own worker threads.
    public static func exclusive<T, E: Error>(_ job: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try job()
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
