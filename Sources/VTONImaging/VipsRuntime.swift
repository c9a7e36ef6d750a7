import CVipsShim
import Foundation

/// libvips is loaded and initialised once per process, by the first image operation.
public enum VipsRuntime {
    private static let queue = DispatchQueue(label: "vton.imaging", attributes: .concurrent)
    private static let slots = JobSlots(count: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Runs one whole libvips job (open, transform, encode) on a thread of its own, at most one
    /// job per CPU at a time: an async caller holds no thread of the concurrency pool or of
    /// NIO's blocking pool meanwhile, which would otherwise stall every other request behind a
    /// long conversion. Jobs used to run one at a time for fear of libvips#3660; that crash
    /// came from `vips_text`'s fitting mode, which only `GlyphAtlas` calls, under its own lock
    /// and at one resolution.
    public static func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        await slots.acquire()
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { try job() }) }
        }
        await slots.release()
        return try result.get()
    }

    /// Loads libvips on first use (once per process: a static's initialiser runs once) and
    /// keeps the reason if that fails.
    private static let loadFailure: String? = cvips_init() == 0 ? nil : String(cString: cvips_init_error())

    static func ensureStarted() throws(ImagingError) {
        if let loadFailure { throw .library(loadFailure) }
    }

    /// Takes libvips' error text and clears it for the next call.
    static func takeError() -> String {
        let message = String(cString: cvips_error_buffer()).trimmingCharacters(in: .whitespacesAndNewlines)
        cvips_error_clear()
        return message.isEmpty ? "libvips operation failed" : message
    }
}

/// A counting semaphore for async callers: waiting suspends, it does not block a thread.
private actor JobSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { free += 1 } else { waiters.removeFirst().resume() }
    }
}
