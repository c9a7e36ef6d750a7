import Foundation
import GeminiClient
import HTTPTypes
import NIOCore
import Testing
import VTONDomain
import VTONImaging

@testable import VTONApp

/// Try-on tasks from real photos and garments, and what happens to every image on the way in:
/// proven an image, turned upright, stripped of metadata, kept PNG when transparent.
@Suite(.timeLimit(.minutes(2)))
struct TryOnAndImagingTests {
    func upload(_ server: TestServer, _ name: String, token: String, type: String = "image/jpeg") async throws -> [String: Any] {
        let (headers, body) = UploadAndFileTests.multipart(try TestServer.fixture(name), filename: name, type: type)
        let reply = try await server.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
        #expect(reply.status == .created, "\(name): \(reply.json)")
        return reply.json
    }

    @Test(arguments: TryOnCategory.allCases)
    func tryOnOfEachCategoryArrivesOverTheSocket(category: TryOnCategory) async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let person = try await upload(server, "person-gps-rotated.jpg", token: token)
            let shirt = try await upload(server, "garment-tshirt.png", token: token, type: "image/png")
            let dress = try await upload(server, "garment-dress.jpg", token: token)
            let shirtURL = try #require(shirt["url"] as? String)
            let dressURL = try #require(dress["url"] as? String)
            let personURL = try #require(person["url"] as? String)
            let garments = category == .fullOutfit ? [shirtURL, dressURL] : [category == .dresses ? dressURL : shirtURL]
            let taskID = LockedBox<String>()
            try await server.socket(token: token) { socket in
                try await socket.ready()
                let id = try await server.createTask(
                    [
                        "task_type": "tryon", "prompt": "soft studio light", "aspect_ratio": "3:4",
                        "tryon": ["person_image": personURL, "garment_images": garments, "category": category.rawValue],
                    ], token: token)
                taskID.value = id
                let messages = try await socket.read(until: SocketProbe.isFinal(id))
                #expect(messages.last?["status"] as? String == "succeeded", "\(messages.last ?? [:])")
            }
            let task = try await server.task(try #require(taskID.value), token: token)
            #expect(task["task_type"] as? String == "tryon")
            #expect(task["tryon_category"] as? String == category.rawValue)
            #expect(task["prompt"] as? String == "soft studio light")
            let image = try #require(((task["result"] as? [String: Any])?["images"] as? [[String: Any]])?.first)
            let download = try await server.request(.get, try #require(image["url"] as? String))
            #expect(try #require(TestServer.imageSize(download.data)) == (896, 1200))

            // The model got the person first, then the garments, then the category's template with the user's words.
            let sent = try #require(await server.journal.received.last).request
            let parts = sent.contents.first?.parts ?? []
            #expect(parts.compactMap(\.inlineData).count == 1 + garments.count)
            let text = try #require(parts.last?.text)
            #expect(text.hasPrefix("VIRTUAL TRY-ON. Category: \(category.rawValue)."))
            #expect(text.hasSuffix("soft studio light"))
            let personSent = try #require(Base64.decode(parts[0].inlineData!.data))
            let personStored = try await server.request(.get, personURL).data
            #expect(personSent == personStored)
        }
    }

    @Test func gpsIsGoneFromWhatIsStoredAndWhatIsSentAndTheImageIsUpright() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let original = try TestServer.fixture("person-gps-rotated.jpg")
            // The fixture carries EXIF with a GPS IFD (tag 0x8825) and orientation 6.
            #expect(original.range(of: Data("Exif".utf8)) != nil)
            #expect(original.range(of: Data([0x88, 0x25])) != nil)
            let person = try await upload(server, "person-gps-rotated.jpg", token: token)
            #expect(person["mime_type"] as? String == "image/jpeg")
            let stored = try await server.request(.get, try #require(person["url"] as? String)).data
            // No EXIF segment at all: no location, no orientation tag left to misapply.
            #expect(stored.range(of: Data("Exif".utf8)) == nil)

            let id = try await server.createTask(["prompt": "a portrait", "reference_images": [person["url"]!]], token: token)
            _ = try await server.waitForTask(id, token: token)
            let inline = try #require(await server.journal.received.last?.request.contents.first?.parts?.first?.inlineData?.data)
            let sent = try #require(Base64.decode(inline))
            #expect(sent.range(of: Data("Exif".utf8)) == nil)

            // Stored sideways with orientation 6; once turned upright it matches the upright original.
            let upright = try VImage.open(TestServer.fixture("person-small.png")).pixels()
            let normalised = try VImage.open(stored).fitted(width: 128, height: 128).pixels()
            #expect(Self.meanDifference(upright, normalised) < 20)
            // Read without applying the tag, the same pixels are far from it: the rotation was real.
            let sideways = try VImage.open(original).pixels()
            #expect(Self.meanDifference(try VImage.open(stored).pixels(), sideways) > 30)
        }
    }

    static func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        return Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
    }

    @Test(arguments: TestServer.storages)
    func transparentPNGStaysPNGAndTheSameImageIsStoredOnce(storage: String) async throws {
        try await TestServer.run(storage: storage) { server in
            let token = try await server.login()
            let first = try await upload(server, "garment-tshirt.png", token: token, type: "image/png")
            let second = try await upload(server, "garment-tshirt.png", token: token, type: "image/png")
            #expect(first["mime_type"] as? String == "image/png")
            #expect(first["sha256"] as? String == second["sha256"] as? String)
            #expect(first["id"] as? String != second["id"] as? String)
            let stored = try await server.request(.get, try #require(first["url"] as? String)).data
            #expect(try ImageInspector.inspect(stored).hasAlpha)
            let blobs = try await server.storedNames().filter { !$0.contains(".") }
            #expect(blobs.count == 1, "\(blobs)")
        }
    }

    @Test func smallUprightImagesKeepTheirEncodingAndLoseTheirMetadata() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            // A JPEG with an XMP location, a comment and a trailer after its end, as cameras and editors leave them.
            let dress = try TestServer.fixture("garment-dress.jpg")
            func segment(_ marker: UInt8, _ body: String) -> Data {
                let bytes = Array(body.utf8)
                return Data([0xFF, marker, UInt8((bytes.count + 2) >> 8), UInt8((bytes.count + 2) & 0xFF)] + bytes)
            }
            let xmp = segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>48,51.4N</exif:GPSLatitude></x:xmpmeta>")
            let tagged = dress.prefix(2) + xmp + segment(0xFE, "shot at home") + dress.dropFirst(2) + Data("TRAILER-GPS".utf8)
            let jpeg = try await upload(server, tagged, name: "dress.jpg")
            // A PNG with a text chunk naming a place.
            let shirt = try TestServer.fixture("garment-tshirt.png")
            let typed = Array("tEXtLocation\0Home".utf8)
            let text = Data(Self.bigEndian(UInt32(typed.count - 4)) + typed + Self.bigEndian(Self.crc32(typed)))
            let png = try await upload(server, shirt.prefix(33) + text + shirt.dropFirst(33), name: "shirt.png")

            for (reply, original, given) in [(jpeg, dress, tagged), (png, shirt, shirt.prefix(33) + text + shirt.dropFirst(33))] {
                let stored = try await server.request(.get, try #require(reply["url"] as? String)).data
                #expect(stored.count < given.count)
                for word in ["GPS", "shot at", "Location", "TRAILER"] { #expect(stored.range(of: Data(word.utf8)) == nil, "\(word) kept") }
                // Not re-encoded: the very same pixels.
                #expect(try VImage.open(stored).pixels() == VImage.open(original).pixels())
            }
            #expect(jpeg["mime_type"] as? String == "image/jpeg")
            #expect(png["mime_type"] as? String == "image/png")
        }
    }

    func upload(_ server: TestServer, _ data: Data, name: String) async throws -> [String: Any] {
        let (headers, body) = UploadAndFileTests.multipart(data, filename: name)
        let reply = try await server.request(.post, "/api/v1/uploads", token: try await server.login(), headers: headers, body: body)
        #expect(reply.status == .created, "\(name): \(reply.json)")
        return reply.json
    }

    @Test func largeImagesAreScaledToTheConfiguredSide() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.maxImageSide = 300 }) { server in
            let token = try await server.login()
            let person = try await upload(server, "person-gps-rotated.jpg", token: token)
            #expect(person["width"] as? Int == 300)
            #expect(person["height"] as? Int == 300)
        }
    }

    @Test func aDecompressionBombIsRefusedBeforeDecoding() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let bomb = Self.pngHeaderOnly(width: 20_000, height: 20_000)
            // The server runs in this process: reset its peak RSS, so what the bomb costs shows.
            try Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
            let baseline = try #require(Self.statusKiB("VmHWM"))
            let started = ContinuousClock.now
            let (headers, body) = UploadAndFileTests.multipart(bomb, filename: "bomb.png")
            let reply = try await server.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.json["code"] as? String == "TOO_MANY_PIXELS")
            // Decoding would take minutes; refusing takes a request's time, even on a busy machine.
            #expect(ContinuousClock.now - started < .seconds(10))
            let asReference = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "x", "reference_images": ["data:image/png;base64," + bomb.base64EncodedString()]],
                token: token)
            #expect(asReference.status == .contentTooLarge)
            #expect(asReference.json["field"] as? String == "reference_images[0]")
            // Decoded, 20000 × 20000 RGB would take 1.1 GiB; refused from its header, it takes
            // nothing, though the other tests' servers in this process go on allocating meanwhile.
            let peak = try #require(Self.statusKiB("VmHWM"))
            #expect(peak - baseline < 256 * 1024, "peak RSS rose by \(peak - baseline) KiB")
        }
    }

    /// A `/proc/self/status` figure in KiB (`VmRSS`, `VmHWM`).
    static func statusKiB(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return nil }
        return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
    }

    /// A PNG whose header claims `width` × `height` but which carries almost no data.
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> Data {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", idat) + chunk("IEND", []))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func promptTemplatesAreListedEditedByAdminsAndUsed() async throws {
        try await TestServer.run(users: ["bob"]) { server in
            let token = try await server.login()
            let list = try await server.request(.get, "/api/v1/prompt-templates", token: token).json
            let templates = try #require(list["templates"] as? [[String: Any]])
            #expect(templates.compactMap { $0["category"] as? String } == TryOnCategory.allCases.map(\.rawValue))

            let bob = try await server.login("bob", password: "password1")
            let forbidden = try await server.request(.put, "/api/v1/prompt-templates/tops", json: ["template": "nope"], token: bob)
            #expect(forbidden.status == .forbidden)
            #expect(try await server.request(.put, "/api/v1/prompt-templates/hats", json: ["template": "x"], token: token).status == .notFound)
            #expect(
                try await server.request(.put, "/api/v1/prompt-templates/tops", json: ["template": "  "], token: token).status
                    == .unprocessableContent)
            let edited = try await server.request(
                .put, "/api/v1/prompt-templates/tops", json: ["template": "VIRTUAL TRY-ON. Category: tops. Our house style."], token: token)
            #expect(edited.status == .ok)

            let person = try await upload(server, "person-gps-rotated.jpg", token: token)
            let shirt = try await upload(server, "garment-tshirt.png", token: token, type: "image/png")
            let notHis = try await server.request(
                .post, "/api/v1/images/generate",
                json: ["task_type": "tryon", "tryon": ["person_image": person["id"]!, "garment_image": shirt["id"]!, "category": "tops"]], token: bob)
            #expect(notHis.status == .unprocessableContent, "bob may not use admin's uploads")
            #expect(notHis.json["field"] as? String == "tryon.person_image")
            let mine = try await server.createTask(
                ["task_type": "tryon", "tryon": ["person_image": person["id"]!, "garment_image": shirt["id"]!, "category": "tops"]], token: token)
            #expect(try await server.waitForTask(mine, token: token)["status"] as? String == "succeeded")
            let text = await server.journal.received.last?.request.contents.first?.parts?.last?.text
            #expect(text == "VIRTUAL TRY-ON. Category: tops. Our house style.")
        }
    }

    @Test func resultsConvertOnRequest() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "convert me"], token: token)
            let task = try await server.waitForTask(id, token: token)
            let url = try #require(((task["result"] as? [String: Any])?["images"] as? [[String: Any]])?.first?["url"] as? String)
            for (format, mime, magic) in [
                ("jpeg", "image/jpeg", Data([0xFF, 0xD8, 0xFF])), ("webp", "image/webp", Data("RIFF".utf8)),
                ("png", "image/png", Data([0x89, 0x50])),
            ] {
                let reply = try await server.request(.get, url + "&format=\(format)")
                #expect(reply.status == .ok)
                #expect(reply.headers[.contentType] == mime)
                #expect(reply.data.starts(with: magic))
            }
            #expect(try await server.request(.get, url + "&format=gif").status == .unprocessableContent)
            // Asking for the format it is stored in (JPEG, as the model answered) gets the stored
            // bytes, not a re-encoding. Compared as one Bool: a failing `==` of two images would
            // have the test library diff megabytes byte by byte.
            let original = try await server.request(.get, url)
            let asStored = try await server.request(.get, url + "&format=jpeg")
            let sameBytes = asStored.data == original.data
            #expect(sameBytes)
            #expect(asStored.headers[.eTag] == original.headers[.eTag])
        }
    }
}
