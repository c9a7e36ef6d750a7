import Foundation
import Testing
import VTONDomain

@testable import VTONApp

/// The keys a task is written with are exactly those of the OpenAPI document's `Task` schema,
/// nested objects included: a field added to one and not the other fails here, not in a client.
struct TaskWireShapeTests {
    @Test func aTaskWithEveryFieldSetHasExactlyTheDocumentedKeys() throws {
        let task = ImageTask(
            id: UUID(), userID: UUID(), status: .failed, type: .tryon, prompt: "p", aspectRatio: "4:5", providerAspectRatio: "4:5",
            resolution: .k2, priority: .economy, tryOnCategory: .tops, model: "gemini-3-pro-image", referenceFileIDs: [UUID()],
            result: TaskResult(images: [ResultImage(fileID: UUID(), width: 8, height: 8, mimeType: "image/png")], text: "t", expired: true),
            failure: TaskFailure(.timeout, "slow"), attempts: 2, batchID: UUID(), batchIndex: 0, idempotencyKey: "k", deadlineAt: Date(),
            costMicroUSD: 1, creditsHeld: 1, creditState: .reserved, createdAt: Date(), startedAt: Date(), finishedAt: Date(),
            providerCharge: ProviderCharge(usage: TokenUsage(promptTokens: 1), costMicroUSD: 1, unansweredCalls: 1), variationGroupID: UUID(),
            variationIndex: 1)
        let written = try JSONSerialization.jsonObject(
            with: Data(WireJSON.encode(TaskDTO(task, signer: URLSigner(secret: "s"), queue: .realtime(ahead: 1, workers: 1, runSeconds: 1)))))
        let schemas = OpenAPIDocument.schemas
        #expect(try keys(of: written) == documentedKeys(of: try #require(schemas["Task"] as? [String: Any]), in: schemas))
    }

    /// Every key path of a JSON value, objects in arrays under `[]`.
    private func keys(of value: Any, at path: String = "") throws -> Set<String> {
        if let object = value as? [String: Any] {
            return try object.reduce(into: Set<String>()) { paths, field in
                paths.insert(path + field.key)
                paths.formUnion(try keys(of: field.value, at: path + field.key + "."))
            }
        }
        if let array = value as? [Any] { return try array.reduce(into: Set<String>()) { $0.formUnion(try keys(of: $1, at: path + "[].")) } }
        return []
    }

    /// The same key paths as the schema declares them, following `$ref`, `anyOf` and `items`.
    private func documentedKeys(of schema: [String: Any], in schemas: [String: Any], at path: String = "") throws -> Set<String> {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            return try documentedKeys(of: try #require(schemas[name] as? [String: Any]), in: schemas, at: path)
        }
        if let choices = schema["anyOf"] as? [[String: Any]] {
            return try choices.reduce(into: Set<String>()) { $0.formUnion(try documentedKeys(of: $1, in: schemas, at: path)) }
        }
        if let items = schema["items"] as? [String: Any] { return try documentedKeys(of: items, in: schemas, at: path + "[].") }
        guard let properties = schema["properties"] as? [String: [String: Any]] else { return [] }
        return try properties.reduce(into: Set<String>()) { paths, property in
            paths.insert(path + property.key)
            paths.formUnion(try documentedKeys(of: property.value, in: schemas, at: path + property.key + "."))
        }
    }
}
