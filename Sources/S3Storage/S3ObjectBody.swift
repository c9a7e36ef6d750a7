import AsyncHTTPClient
import Foundation
import NIOCore

/// An answer's bytes as they arrive, ended with `S3Error.timedOut` when the call's deadline
/// passes, even while a server trickles them: AsyncHTTPClient's own deadline stops at the
/// response head, and its read timeout restarts with every byte. Each wait for the next chunk
/// races the time left; the losing read is cancelled, which makes AsyncHTTPClient close the connection.
public struct S3ObjectBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    let chunks: HTTPClientResponse.Body
    let deadline: ContinuousClock.Instant
    let operation: String
    /// Told of each failure, for bytes read after the call has returned (a download passed on as
    /// it arrives), where the call itself can no longer log it.
    let failed: @Sendable (S3Error) -> Void

    init(
        _ chunks: HTTPClientResponse.Body, deadline: ContinuousClock.Instant, operation: String,
        failed: @escaping @Sendable (S3Error) -> Void = { _ in }
    ) {
        self.chunks = chunks
        self.deadline = deadline
        self.operation = operation
        self.failed = failed
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: Chunks(chunks.makeAsyncIterator()), deadline: deadline, operation: operation, failed: failed)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: Chunks
        let deadline: ContinuousClock.Instant
        let operation: String
        let failed: @Sendable (S3Error) -> Void

        public func next() async throws -> ByteBuffer? {
            let chunks = chunks
            do {
                return try await Self.beforeDeadline(deadline, operation: operation) { try await chunks.next() }
            } catch is CancellationError {
                // The reader gave up (a client that went away): no fault of the bucket's.
                throw CancellationError()
            } catch {
                let failure = S3Client.classify(error, operation: operation)
                failed(failure)
                throw failure
            }
        }

        /// `work`'s result, or `S3Error.timedOut` once the deadline passes first (`work` is then cancelled).
        private static func beforeDeadline<T: Sendable>(
            _ deadline: ContinuousClock.Instant, operation: String, _ work: @escaping @Sendable () async throws -> T
        ) async throws -> T {
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await work() }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                defer { group.cancelAll() }
                guard let result = try await group.next(), let value = result else { throw S3Error.timedOut(operation: operation) }
                return value
            }
        }

        /// Everything left, refused as soon as it passes `limit` bytes.
        func collect(upTo limit: Int) async throws -> Data {
            var data = Data()
            while let chunk = try await next() {
                guard data.count + chunk.readableBytes <= limit else { throw S3Error.tooLarge(operation: operation, limit: limit) }
                data.append(contentsOf: chunk.readableBytesView)
            }
            return data
        }
    }

    /// AsyncHTTPClient's iterator, which is not `Sendable`, in the one child task that reads the
    /// next chunk: each read is awaited before the next begins, so no two tasks touch it at once.
    final class Chunks: @unchecked Sendable {
        private var iterator: HTTPClientResponse.Body.AsyncIterator

        init(_ iterator: HTTPClientResponse.Body.AsyncIterator) {
            self.iterator = iterator
        }

        func next() async throws -> ByteBuffer? {
            try await iterator.next()
        }
    }
}
