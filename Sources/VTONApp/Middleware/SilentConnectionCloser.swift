import HummingbirdCore
import Logging
import NIOCore

/// Closes a connection that has not sent a byte: at once when the server shuts down, and
/// otherwise once `deadline` has passed. Until its first request a connection waits in the
/// WebSocket upgrade negotiation, which has no read deadline and does not hear the server's
/// shutdown, so one silent client (a browser's speculative preconnect is one) held a graceful
/// shutdown forever and any client could hold sockets open for free. Steps aside at the first
/// byte; from there the HTTP handlers' own rules apply.
final class SilentConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadline: TimeAmount
    private var closing: Scheduled<Void>?

    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { scheduleClose(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleClose(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        closing?.cancel()
        closing = nil
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closing?.cancel()
    }

    private func scheduleClose(context: ChannelHandlerContext) {
        guard closing == nil else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        closing = context.eventLoop.scheduleTask(in: deadline) { loopBound.value.close(promise: nil) }
    }
}

/// `Base`'s connections with a `SilentConnectionCloser` in front of everything else.
struct ClosingSilentConnections<Base: ServerChildChannel>: ServerChildChannel {
    let base: Base
    let deadline: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Base.Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(SilentConnectionCloser(deadline: deadline))
        }.flatMap { base.setup(channel: channel, logger: logger) }
    }

    func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
