import CVips
import Foundation

/// libvips must be initialised once per process before any other call.
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
