import Foundation
import HTTPTypes
import NIOCore
import Testing
import VTONImaging

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct UploadAndFileTests {
    static func multipart(
        _ data: Data, field: String = "file", filename: String = "photo.png", type: String = "image/png"
    ) -> (HTTPFields, ByteBuffer) {
        let boundary = "vton-boundary-\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
        body += Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        body += data
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    func upload(_ server: TestServer, _ data: Data, token: String, field: String = "file") async throws -> TestServer.Reply {
        let (headers, body) = Self.multipart(data, field: field)
        return try await server.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
    }

    @Test(arguments: TestServer.storages)
    func uploadAnswersItsMetadataAndServesAsAReference(storage: String) async throws {
        try await TestServer.run(storage: storage) { server in
            let token = try await server.login()
            let png = try TestServer.fixture("person-small.png")
            let reply = try await upload(server, png, token: token)
            #expect(reply.status == .created)
            // An opaque PNG is kept as JPEG: transparency is the only reason to pay for PNG.
            #expect(reply.json["mime_type"] as? String == "image/jpeg")
            #expect(reply.json["width"] as? Int == 128)
            #expect(reply.json["height"] as? Int == 128)
            #expect((reply.json["bytes"] as? Int ?? .max) < png.count)
            #expect((reply.json["sha256"] as? String)?.count == 64)
            let url = try #require(reply.json["url"] as? String)
            let id = try #require(reply.json["id"] as? String)
            for reference in [url, id] {
                let task = try await server.createTask(["prompt": "with upload", "reference_images": [reference]], token: token)
                #expect(try await server.waitForTask(task, token: token)["status"] as? String == "succeeded")
            }
            let sent = try #require(await server.journal.received.last)
            let parts = sent.request.contents.first?.parts ?? []
            #expect(parts.first?.inlineData?.mimeType == "image/jpeg")
            #expect(parts.last?.text == "with upload")
        }
    }

    @Test func uploadRefusesWhatIsNotAnImage() async throws {
        try await TestServer.run(users: ["bob"]) { server in
            let token = try await server.login()
            let text = try await upload(server, Data("I am a text file named photo.png".utf8), token: token)
            #expect(text.status == .unsupportedMediaType)
            #expect(text.json["field"] as? String == "file")
            let noFile = try await upload(server, try TestServer.fixture("person-small.png"), token: token, field: "image")
            #expect(noFile.status == .unprocessableContent)
            #expect(noFile.json["field"] as? String == "file")
            let notMultipart = try await server.request(.post, "/api/v1/uploads", json: ["file": "x"], token: token)
            #expect(notMultipart.status == .unsupportedMediaType)

            // Another user's upload is not a reference anyone else can use.
            let mine = try await upload(server, try TestServer.fixture("person-small.png"), token: token)
            let bob = try await server.login("bob", password: "password1")
            let theirs = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "x", "reference_images": [mine.json["id"] as! String]], token: bob)
            #expect(theirs.status == .unprocessableContent)
        }
    }

    @Test func uploadOverTheLimitIs413() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.maxUploadBytes = 10_000 }) { server in
            let token = try await server.login()
            let reply = try await upload(server, try TestServer.fixture("person-small.png"), token: token)
            #expect(reply.status == .contentTooLarge)
        }
    }

    @Test(arguments: TestServer.storages)
    func filesNeedOwnerOrSignatureAndSupportCachingRangesAndThumbnails(storage: String) async throws {
        try await TestServer.run(storage: storage, users: ["bob"]) { server in
            let token = try await server.login()
            let upload = try await upload(server, try TestServer.fixture("person-small.png"), token: token)
            let signed = try #require(upload.json["url"] as? String)
            let id = try #require(upload.json["id"] as? String)
            let plain = "/api/v1/files/\(id)"

            let bySignature = try await server.request(.get, signed)
            #expect(bySignature.status == .ok)
            #expect(bySignature.headers[.contentType] == "image/jpeg")
            #expect(bySignature.headers[.cacheControl]?.hasPrefix("private") == true)
            #expect(bySignature.data.count == upload.json["bytes"] as? Int)
            #expect(try await server.request(.get, plain).status == .unauthorized)
            #expect(try await server.request(.get, plain, token: token).status == .ok)
            let bob = try await server.login("bob", password: "password1")
            #expect(try await server.request(.get, plain, token: bob).status == .notFound)
            let tampered = signed.replacingOccurrences(of: "sig=", with: "sig=x")
            #expect(try await server.request(.get, tampered).status == .forbidden)

            let etag = try #require(bySignature.headers[.eTag])
            #expect(try await server.request(.get, signed, headers: [.ifNoneMatch: etag]).status == .notModified)
            let range = try await server.request(.get, signed, headers: [.range: "bytes=0-7"])
            #expect(range.status == .partialContent)
            #expect(range.data.count == 8)
            #expect(range.data == bySignature.data.prefix(8))
            #expect(range.headers[.contentRange] == "bytes 0-7/\(bySignature.data.count)")

            let thumbnail = try await server.request(.get, signed + "&size=thumb")
            #expect(thumbnail.status == .ok)
            #expect(thumbnail.headers[.contentType] == "image/webp")
            #expect(thumbnail.data.starts(with: Data("RIFF".utf8)))
        }
    }

    @Test(
        arguments: TestServer.storages,
        [("garment-dress.jpg", 288, 384), ("person-gps-rotated.jpg", 384, 384), ("person-small.png", 128, 128), ("garment-tshirt.png", 384, 384)])
    func thumbnailsAreMadeInTheBackgroundNeverLargerThan384(storage: String, fixture: (name: String, width: Int, height: Int)) async throws {
        let (fixture, width, height) = fixture
        try await TestServer.run(storage: storage) { server in
            let token = try await server.login()
            let reply = try await upload(server, try TestServer.fixture(fixture), token: token)
            let sha256 = try #require(reply.json["sha256"] as? String)
            // Nobody has asked for it: the thumbnail appears on its own.
            let made = try #require(try await eventually { try await server.stored(sha256 + ".thumb") }, "no thumbnail was made in the background")
            let served = try await server.request(.get, try #require(reply.json["url"] as? String) + "&size=thumb")
            #expect(served.data == made)
            #expect(served.headers[.contentType] == "image/webp")
            let size = try VTONImagingProbe.size(of: served.data)
            #expect(size.width == width && size.height == height, "\(fixture): \(size)")
            // Transparency survives into the thumbnail.
            #expect(try ImageInspector.inspect(served.data).hasAlpha == (fixture == "garment-tshirt.png"))
        }
    }

    @Test(arguments: TestServer.storages)
    func resultThumbnailIsAtMost384Pixels(storage: String) async throws {
        try await TestServer.run(storage: storage) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "wide", "aspect_ratio": "16:9", "resolution": "2K"], token: token)
            let task = try await server.waitForTask(id, token: token)
            let image = try #require(((task["result"] as? [String: Any])?["images"] as? [[String: Any]])?.first)
            let thumb = try await server.request(.get, try #require(image["thumbnail_url"] as? String))
            let info = try VTONImagingProbe.size(of: thumb.data)
            #expect(info.width == 384)
            #expect(info.height == 214)  // 1536 × 384 / 2752, rounded
        }
    }
}

enum VTONImagingProbe {
    static func size(of data: Data) throws -> (width: Int, height: Int) {
        let info = try ImageInspector.inspect(data)
        return (info.width, info.height)
    }
}
