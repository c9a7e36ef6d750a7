import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Ends a connection whose answer went out before its request body had all arrived: a 413
/// for a body over its route's limit, a 401 on an upload. Hummingbird stops reading such a
/// body, so a client that sends all of it before reading the answer (Python's urllib and
/// requests do) waits on a full socket until its own timeout. Here the answer says
/// `Connection: close` and the server's side is shut after it, so the client reads the answer
/// and then the end; what the client still sends is read and dropped while it keeps coming,
/// for a bounded time.
final class UnreadBodyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The connection closes once the client has sent nothing for this long…
    static let idleLimit = TimeAmount.seconds(2)
    /// …and at the latest this long after the answer.
    static let lingerLimit = TimeAmount.seconds(30)

    /// Counted separately, as HTTP/1.1 answers requests in order.
    private var requestsReceived = 0
    private var answersStarted = 0
    private var answeringEarly = false
    private var lingering = false
    private var idleClose: Scheduled<Void>?
    private var finalClose: Scheduled<Void>?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !lingering else {
            closeWhenIdle(context)
            return
        }
        if case .end = unwrapInboundIn(data) { requestsReceived += 1 }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Nothing is passed on while lingering, so nothing further in asks for more: ask here.
        if lingering { context.read() } else { context.fireChannelReadComplete() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !lingering { context.fireErrorCaught(error) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleClose?.cancel()
        finalClose?.cancel()
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.kind != .informational:
            answersStarted += 1
            answeringEarly = requestsReceived < answersStarted
            guard answeringEarly else { break }
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        case .end where answeringEarly:
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { _ in self.linger(context) }
            if let promise { written.futureResult.cascade(to: promise) }
            context.write(data, promise: written)
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }

    private func linger(_ context: ChannelHandlerContext) {
        guard !lingering else { return }
        lingering = true
        context.close(mode: .output, promise: nil)
        context.read()
        closeWhenIdle(context)
        finalClose = context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerLimit) { context.close(promise: nil) }
    }

    private func closeWhenIdle(_ context: ChannelHandlerContext) {
        idleClose?.cancel()
        idleClose = context.eventLoop.assumeIsolated().scheduleTask(in: Self.idleLimit) { context.close(promise: nil) }
    }
}
