import Foundation

/// Where a reference image comes from, read off the string a client sent (API.md §2.2).
public enum ReferenceSource: Sendable, Equatable {
    case upload(id: UUID)
    case dataURL(mimeType: String, base64: Substring)
    case remoteURL(String)
    case serverPath(String)

    public static func parse(_ raw: String, field: String) throws(ValidationError) -> ReferenceSource {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { throw ValidationError(field: field, "reference is empty") }
        if value.lowercased().hasPrefix("data:") { return try parseDataURL(value, field: field) }
        let lower = value.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return .remoteURL(value) }
        if let id = uploadID(in: value) { return .upload(id: id) }
        if lower.contains("://") {
            throw ValidationError(field: field, "unsupported reference scheme; use an upload, a data: URL or an http(s) URL")
        }
        return .serverPath(value)
    }

    /// An upload is named by its id or by the `/api/v1/files/{id}` URL the upload answered.
    private static func uploadID(in value: String) -> UUID? {
        if let id = UUID(uuidString: value) { return id }
        let prefix = "/api/v1/files/"
        guard value.hasPrefix(prefix) else { return nil }
        let rest = value.dropFirst(prefix.count)
        let idPart = rest.prefix { $0 != "?" && $0 != "/" }
        return UUID(uuidString: String(idPart))
    }

    private static func parseDataURL(_ value: String, field: String) throws(ValidationError) -> ReferenceSource {
        guard let comma = value.firstIndex(of: ",") else {
            throw ValidationError(field: field, "data: URL has no ',' before its payload")
        }
        let header = value[value.index(value.startIndex, offsetBy: 5)..<comma]
        let parts = header.split(separator: ";").map { $0.lowercased() }
        guard parts.last == "base64" else {
            throw ValidationError(field: field, "data: URL must be base64-encoded (data:image/…;base64,…)")
        }
        guard let mime = parts.first, mime.hasPrefix("image/") else {
            throw ValidationError(field: field, "data: URL must carry an image/* MIME type")
        }
        return .dataURL(mimeType: mime, base64: value[value.index(after: comma)...])
    }
}
