import Foundation
import GeminiClient
import Logging

/// The Files API's files on disk (`<data>/files/<id>.json` and `<id>.bin`), uploads in
/// progress under `<data>/uploads`, so they survive a restart and a 2 GB file never sits in memory.
actor FileStore {
    struct Upload {
        let displayName: String?
        let mimeType: String
        /// The id the caller chose (`file.name`), if any.
        let chosenID: String?
        var received = 0
    }

    let directory: URL
    private let uploadDirectory: URL
    private var files: [String: FileResource] = [:]
    private var uploads: [String: Upload] = [:]

    init(dataDirectory: URL, logger: Logger) throws {
        directory = dataDirectory.appendingPathComponent("files")
        uploadDirectory = dataDirectory.appendingPathComponent("uploads")
        for folder in [directory, uploadDirectory] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
            do {
                let resource = try JSONDecoder().decode(FileResource.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
                files[String(name.dropLast(".json".count))] = resource
            } catch {
                logger.error("an emulator file record is unreadable; it is skipped", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
    }

    func contentURL(_ id: String) -> URL { directory.appendingPathComponent("\(id).bin") }

    func startUpload(id: String, displayName: String?, mimeType: String, chosenID: String?) throws {
        if let chosenID, files[chosenID] != nil {
            throw ProviderError(409, "ALREADY_EXISTS", "File files/\(chosenID) already exists.")
        }
        FileManager.default.createFile(atPath: partURL(id).path, contents: nil)
        uploads[id] = Upload(displayName: displayName, mimeType: mimeType, chosenID: chosenID)
    }

    /// Appends bytes at `offset`; returns the finished file when `finalize` is set.
    func receive(
        uploadID: String, offset: Int, bytes: Data, finalize: Bool, makeResource: (String, Upload) -> FileResource
    ) throws -> FileResource? {
        guard var upload = uploads[uploadID] else { throw ProviderError.notFound }
        guard offset == upload.received else {
            throw ProviderError.invalidArgument("X-Goog-Upload-Offset \(offset) does not match the \(upload.received) bytes received")
        }
        let part = partURL(uploadID)
        let handle = try FileHandle(forWritingTo: part)
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
        try handle.close()
        upload.received += bytes.count
        uploads[uploadID] = upload
        guard finalize else { return nil }
        uploads[uploadID] = nil
        let id = upload.chosenID ?? String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        try FileManager.default.moveItem(at: part, to: contentURL(id))
        let resource = makeResource(id, upload)
        try add(id: id, resource: resource)
        return resource
    }

    /// Registers a file whose content is already at `contentURL(id)`.
    func add(id: String, resource: FileResource) throws {
        try JSONEncoder().encode(resource).write(to: directory.appendingPathComponent("\(id).json"), options: .atomic)
        files[id] = resource
    }

    func file(_ id: String) -> FileResource? { files[id] }

    func delete(_ id: String) -> Bool {
        guard files.removeValue(forKey: id) != nil else { return false }
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("\(id).json"))
        try? FileManager.default.removeItem(at: contentURL(id))
        return true
    }

    var all: [FileResource] { files.values.sorted { $0.name < $1.name } }

    private func partURL(_ id: String) -> URL { uploadDirectory.appendingPathComponent("\(id).part") }
}
