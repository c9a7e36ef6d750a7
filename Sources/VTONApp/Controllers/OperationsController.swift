import Foundation
import HTTPTypes
import Hummingbird
import VTONPersistence

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, `/docs` and `/api/v1/system/info` (API.md §7).
struct OperationsController {
    let tasks: any TaskRepository
    let blobs: any BlobStore
    let metrics: AppMetrics
    let sockets: LiveSockets
    let health: ProviderHealth
    let openAPI: Data
    let providerMode: String
    let models: ProviderModels
    let allowSignup: Bool

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("readyz", use: ready)
        router.get("metrics", use: scrape)
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        router.get("docs") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: APIDocsPage.html)))
        }
        router.get("api/v1/system/info") { _, _ in
            SystemInfoDTO(provider: providerMode, defaultModel: models.defaultModel, allowSignup: allowSignup)
        }
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            _ = try await tasks.countByStatus()
        } catch {
            throw APIError(.serviceUnavailable, code: "DATABASE_UNAVAILABLE", "the database is not reachable")
        }
        guard await blobs.isWritable() else {
            throw APIError(.serviceUnavailable, code: "STORAGE_UNAVAILABLE", "the file store is not writable")
        }
        // Ready to serve even when the provider refuses work: the operator must see why, and
        // a load balancer taking the server away would hide it.
        guard let problem = health.quotaProblems.first else { return Self.json(["status": "ready", "provider": "ok"]) }
        return Self.json([
            "status": "ready", "provider": "billing_required", "provider_model": problem.model,
            "provider_message": ProviderHealth.billingAdvice,
        ])
    }

    @Sendable func scrape(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let counts = try? await tasks.countByStatus() { metrics.update(taskCounts: counts) }
        metrics.openSockets.set(Double(sockets.count))
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    static func json(_ object: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// What the web client needs before anyone signs in.
struct SystemInfoDTO: Encodable, ResponseEncodable {
    let provider: String
    let defaultModel: String
    let allowSignup: Bool
}
