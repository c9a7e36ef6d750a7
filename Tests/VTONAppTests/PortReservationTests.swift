import NIOCore
import NIOPosix
import Testing

@testable import VTONApp

/// The emulator's port is held from the moment it is chosen, so no other socket can take it
/// before the emulator listens on it, or while the emulator restarts.
struct PortReservationTests {
    private func bind(_ port: Int, reuseAddress: Bool) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: reuseAddress ? 1 : 0)
            .bind(host: "127.0.0.1", port: port).get()
    }

    @Test func aReservedPortIsTakenByNoOtherSocketButTheEmulatorsListener() async throws {
        var reservation: LoopbackPortReservation? = try LoopbackPortReservation()
        let port = try #require(reservation?.port)
        await #expect(throws: (any Error).self) { try await bind(port, reuseAddress: false).close() }

        // NIO's bind also listens.
        try await bind(port, reuseAddress: true).close()
        // Its restart may bind the port again while it is still reserved.
        try await bind(port, reuseAddress: true).close()

        reservation = nil
        try await bind(port, reuseAddress: false).close()
    }
}
