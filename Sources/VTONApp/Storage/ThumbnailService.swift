import Logging
import ServiceLifecycle

/// Makes each stored image's thumbnail soon after it is stored, off the request path and one
/// at a time (libvips jobs run one at a time anyway). A request that comes before it is done
/// makes the same thumbnail itself; whichever finishes first is kept.
final class ThumbnailService: Service, Sendable {
    private let blobs: any BlobStore
    private let logger: Logger
    private let queue: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init(blobs: any BlobStore, logger: Logger) {
        self.blobs = blobs
        self.logger = logger
        // Past this backlog the oldest are dropped; their thumbnails are made when first asked for.
        (queue, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Queues the thumbnail of the blob with this SHA-256.
    func schedule(_ sha256: String) {
        continuation.yield(sha256)
    }

    func run() async throws {
        for await sha256 in queue.cancelOnGracefulShutdown() {
            do {
                _ = try await blobs.variant(ImageVariant.thumbnail.name, of: sha256) { try await ImageVariant.thumbnail.render($0) }
            } catch {
                logger.warning("thumbnail not made", metadata: ["sha256": "\(sha256)", "error": "\(error)"])
            }
        }
    }
}
