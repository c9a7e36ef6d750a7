import Foundation

@testable import VTONApp

/// What a test server has stored, read where it keeps it: its data directory or its prefix of
/// the S3 test bucket.
extension TestServer {
    /// The name of every stored blob and variant: `<sha256>` or `<sha256>.<variant>`.
    func storedNames() async throws -> [String] {
        if let bucket { return try await bucket.keys(under: "blobs/").map { String($0.split(separator: "/").last ?? "") } }
        let root = dataDirectory + "/blobs"
        return ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []).compactMap { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? nil : URL(fileURLWithPath: path).lastPathComponent
        }
    }

    /// One stored blob or variant by its name, nil when it is not there.
    func stored(_ name: String) async throws -> Data? {
        if let bucket { return try await bucket.get(S3BlobStore.key(name)) }
        return FileManager.default.contents(atPath: "\(dataDirectory)/blobs/\(name.prefix(2))/\(name)")
    }
}
