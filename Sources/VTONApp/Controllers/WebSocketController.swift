import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket
import VTONDomain
import VTONPersistence

/// `/api/v1/ws/tasks?token=…` (API.md §3): every committed change of the user's tasks, plus
/// subscribe, unsubscribe, heartbeat and resume. One writer per socket keeps messages in order.
struct WebSocketController {
    init(authenticator: Authenticator, tasks: any TaskRepository, bus: any EventBus, sockets: LiveSockets, signer: URLSigner) {
        self.authenticator = authenticator
        self.sockets = sockets
        self.tasks = tasks
        self.bus = bus
        self.signer = signer
        updates = EncodedUpdates { Self.encode(TaskUpdateMessage($0, signer: signer)) }
    }

    let authenticator: Authenticator
    let tasks: any TaskRepository
    let bus: any EventBus
    let sockets: LiveSockets
    let signer: URLSigner
    let updates: EncodedUpdates
    static let maxMessageBytes = 64 * 1024
    static let resumeBatch = 500
    static let heartbeat = encode(["type": "heartbeat"])

    func addRoutes(to router: Router<AppRequestContext>) {
        router.ws("api/v1/ws/tasks") { inbound, outbound, context in
            let token = context.request.uri.queryParameters.get("token") ?? ""
            let identity: Identity?
            do {
                // A task's allocator keeps the memory of its deepest stack until it ends, so
                // the database lookup runs in a child that ends before the socket's long wait.
                async let checked = authenticator.identify(token: token)
                identity = try await checked
            } catch {
                try await outbound.close(.unexpectedServerError, reason: "the server cannot check tokens right now; reconnect later")
                return
            }
            guard let identity else {
                try await outbound.close(.unknown(4001), reason: "invalid or expired token")
                return
            }
            // The socket reads tasks (and hands out signed result URLs) like GET /api/v1/images.
            guard identity.allows(.imagesRead) else {
                try await outbound.close(.unknown(4003), reason: "this needs the permission \"images:read\"")
                return
            }
            try await serve(identity.user, inbound: inbound, outbound: outbound)
        }
    }

    /// The socket's own task writes the outbox (updates, replies, the heartbeat sweep's
    /// messages) in order; one child task reads the client. The writer runs in the task that
    /// already exists because an idle socket's memory is mostly its tasks' suspended frames.
    /// Either side ending ends the socket: the reader finishes the outbox when the client
    /// leaves, and the writer cancels the reader after writing a close.
    private func serve(_ user: User, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (socket, outbox) = sockets.register(userID: user.id)
        defer { sockets.unregister(userID: user.id, socket: socket) }
        let subscription = bus.subscribe(userID: user.id) { event in socket.outbox.yield(.text(updates.text(for: event))) }
        defer { bus.unsubscribe(userID: user.id, subscription: subscription) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { socket.outbox.finish() }
                for try await message in inbound.messages(maxSize: Self.maxMessageBytes) {
                    socket.touch()
                    guard case .text(let text) = message else {
                        socket.outbox.yield(.text(Self.badMessage("send JSON text messages")))
                        continue
                    }
                    for reply in await handle(text, user: user) { socket.outbox.yield(.text(reply)) }
                }
            }
            defer { group.cancelAll() }
            for await message in outbox {
                switch message {
                case .text(let text): try await outbound.write(.text(text))
                case .close(let code, let reason):
                    try await outbound.close(code, reason: reason)
                    return
                }
            }
            // The reader's error (a frame over the size limit, say) is the socket's outcome.
            _ = try await group.next()
        }
    }

    private func handle(_ text: String, user: User) async -> [String] {
        guard let message = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) else {
            return [Self.badMessage("not a JSON object with a \"type\"")]
        }
        switch message.type {
        case "heartbeat":
            return [Self.heartbeat]
        case "subscribe", "unsubscribe":
            guard let raw = message.taskID, let id = UUID(uuidString: raw) else {
                return [Self.badMessage("\(message.type) needs a task_id")]
            }
            let found: ImageTask?
            do { found = try await tasks.find(id: id, userID: user.id) } catch {
                return [Self.encode(["type": "error", "code": "UNAVAILABLE", "task_id": raw, "message": "the database is not reachable; try again"])]
            }
            guard let task = found else {
                return [Self.encode(["type": "error", "code": "NOT_FOUND", "task_id": raw, "message": "no such task"])]
            }
            if message.type == "unsubscribe" { return [Self.encode(["type": "unsubscribed", "task_id": raw])] }
            return [Self.encode(["type": "subscribed", "task_id": raw]), Self.encode(TaskUpdateMessage(task, signer: signer))]
        case "resume":
            guard let after = message.afterEventID, after >= 0 else { return [Self.badMessage("resume needs after_event_id ≥ 0")] }
            var replies: [String] = []
            var cursor = after
            while let events = try? await tasks.events(userID: user.id, after: cursor, limit: Self.resumeBatch), !events.isEmpty {
                replies += events.map { Self.encode(TaskUpdateMessage($0, signer: signer)) }
                cursor = events.last!.id
                if events.count < Self.resumeBatch { break }
            }
            return replies
        default:
            return [Self.badMessage("unknown type \"\(message.type)\"")]
        }
    }

    static func badMessage(_ why: String) -> String {
        encode(["type": "error", "code": "BAD_MESSAGE", "message": why])
    }

    static func encode(_ value: some Encodable) -> String {
        (try? WireJSON.string(value)) ?? "{}"
    }
}

struct ClientMessage: Decodable {
    let type: String
    let taskID: String?
    let afterEventID: Int?

    enum CodingKeys: String, CodingKey {
        case type
        case taskID = "task_id"
        case afterEventID = "after_event_id"
    }
}
