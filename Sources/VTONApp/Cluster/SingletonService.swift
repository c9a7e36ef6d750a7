import Foundation
import Logging
import ServiceLifecycle
import VTONPersistence

/// Runs a service in one process at a time among all that share the database (the economy
/// pool would otherwise send the same tasks twice; the poller and retention would do the same
/// work twice). The process holding the named lease runs it and renews the lease; when that
/// process dies, the lease runs out and another process takes over.
struct SingletonService: Service {
    let name: String
    let service: any Service
    let leases: any LeaseRepository
    let holder: String
    let leaseSeconds: Double
    let logger: Logger

    /// Renewed three times per lease, so one slow renewal does not hand the service over.
    private var renewEvery: Duration { .milliseconds(Int(leaseSeconds * 1000 / 3)) }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await holdsLease() {
                    logger.info("running as the only one", metadata: ["service": "\(name)", "holder": "\(holder)"])
                    await runWhileHeld()
                }
                try? await Task.sleep(for: renewEvery)
            }
        }
        do { try await leases.release(name, holder: holder) } catch {
            logger.warning(
                "could not release a lease; another process takes over when it runs out", metadata: ["service": "\(name)", "error": "\(error)"])
        }
    }

    /// The service runs until it ends or the lease cannot be renewed (the database is gone, or
    /// this process stalled past the lease and another took over).
    private func runWhileHeld() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await service.run() } catch {
                    logger.error("service failed", metadata: ["service": "\(name)", "error": "\(error)"])
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: renewEvery)
                    if Task.isCancelled { return }
                    guard await holdsLease() else {
                        logger.warning("lease lost; stopping", metadata: ["service": "\(name)"])
                        return
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func holdsLease() async -> Bool {
        let now = Date()
        do { return try await leases.acquire(name, holder: holder, now: now, until: now.addingTimeInterval(leaseSeconds)) } catch {
            logger.warning("lease check failed", metadata: ["service": "\(name)", "error": "\(error)"])
            return false
        }
    }
}
