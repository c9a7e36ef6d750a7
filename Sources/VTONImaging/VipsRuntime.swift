import CVips
import Foundation

/// libvips must be initialised once per process before any other call.
enum VipsRuntime {
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
