import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

/// The web client's text files leave gzipped for browsers that take gzip, and only those.
@Suite(.timeLimit(.minutes(1)))
struct GzipAssetsTests {
    static let gzip: HTTPFields = [.acceptEncoding: "gzip, deflate, br, zstd"]

    @Test func scriptsGoGzippedAndUnzipToTheFileAndRevisitsStillGet304() async throws {
        try await TestServer.run { server in
            let file = try Data(contentsOf: TestServer.repositoryRoot.appendingPathComponent("Public/js/taskview.js"))
            let zipped = try await server.request(.get, "/js/taskview.js", headers: Self.gzip)
            #expect(zipped.status == .ok && zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[values: .vary].contains("Accept-Encoding"))
            #expect(zipped.data.count < file.count / 2 && zipped.headers[.contentLength] == String(zipped.data.count))
            #expect(try Self.gunzip(zipped.data) == file)

            let etag = try #require(zipped.headers[.eTag])
            var revisit = Self.gzip
            revisit[.ifNoneMatch] = etag
            #expect(try await server.request(.get, "/js/taskview.js", headers: revisit).status == .notModified)

            let plain = try await server.request(.get, "/js/taskview.js")
            #expect(plain.headers[.contentEncoding] == nil && plain.data == file)
            let refused = try await server.request(.get, "/js/taskview.js", headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil && refused.data == file)
        }
    }

    @Test func apiAnswersImagesAndRangesAreLeftAsTheyAre() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let api = try await server.request(.get, "/api/v1/images?limit=50", token: token, headers: Self.gzip)
            #expect(api.status == .ok && api.headers[.contentEncoding] == nil)
            var range = Self.gzip
            range[.range] = "bytes=0-99"
            let part = try await server.request(.get, "/js/taskview.js", headers: range)
            #expect(part.status == .partialContent && part.headers[.contentEncoding] == nil && part.data.count == 100)
        }
    }

    /// Decompressed by the system's gzip, not by the code under test.
    static func gunzip(_ data: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: data)
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return result
    }
}
