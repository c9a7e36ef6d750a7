import Foundation
import GeminiClient
import VTONDomain
import VTONPersistence

/// Turns each reference a client named into a stored image the caller may use (API.md §2.2).
struct ReferenceResolver: Sendable {
    let intake: ImageIntake
    let files: any FileRepository
    let fetcher: RemoteImageFetcher
    /// Server paths are allowed only inside this directory (resolved, symlinks followed).
    let referenceDirectory: String?

    /// `fields` name where each reference came from in the request, for errors.
    func resolve(_ sources: [ReferenceSource], fields: [String], ownerID: UUID) async throws -> [UUID] {
        var ids: [UUID] = []
        for (source, field) in zip(sources, fields) {
            ids.append(try await resolve(source, ownerID: ownerID, field: field))
        }
        return ids
    }

    private func resolve(_ source: ReferenceSource, ownerID: UUID, field: String) async throws -> UUID {
        switch source {
        case .upload(let id):
            guard let file = try await files.find(id: id), file.ownerID == ownerID else {
                throw APIError(.unprocessableContent, code: "INVALID_REFERENCE", "no upload \(id.lowercasedText) of yours", field: field)
            }
            return file.id
        case .dataURL(_, let payload):
            guard let data = Base64.decode(payload), !data.isEmpty else {
                throw APIError(.unprocessableContent, code: "INVALID_REFERENCE", "data: URL payload is not valid base64", field: field)
            }
            return try await intake.store(data, ownerID: ownerID, kind: .reference, field: field).id
        case .serverPath(let path):
            let data = try readInsideReferenceDirectory(path, field: field)
            return try await intake.store(data, ownerID: ownerID, kind: .reference, field: field).id
        case .remoteURL(let url):
            let data: Data
            do { data = try await fetcher.fetch(url) } catch { throw Self.refusal(error, field: field) }
            return try await intake.store(data, ownerID: ownerID, kind: .reference, field: field).id
        }
    }

    static func refusal(_ error: RemoteFetchError, field: String) -> APIError {
        switch error {
        case .tooLarge: APIError(.contentTooLarge, code: "TOO_LARGE", "reference URL: \(error)", field: field)
        case .unsupportedURL, .forbiddenAddress: APIError(.unprocessableContent, code: "FORBIDDEN_URL", "reference URL: \(error)", field: field)
        default: APIError(.unprocessableContent, code: "UNREACHABLE_URL", "reference URL: \(error)", field: field)
        }
    }

    private func readInsideReferenceDirectory(_ path: String, field: String) throws -> Data {
        guard let root = referenceDirectory else {
            throw APIError(
                .unprocessableContent, code: "INVALID_REFERENCE",
                "server paths are disabled (VTON_REFERENCE_DIR is not set); upload the image or send a data: URL", field: field)
        }
        let rootPath = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL.path
        let candidate = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: rootPath).appendingPathComponent(path)
        let resolved = candidate.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved.hasPrefix(rootPath + "/") else {
            throw APIError(.unprocessableContent, code: "INVALID_REFERENCE", "path is outside the reference directory", field: field)
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw APIError(.unprocessableContent, code: "INVALID_REFERENCE", "no readable file at that path", field: field)
        }
        return data
    }
}
