import Foundation
import Testing

@testable import VTONDomain

struct ReferenceSourceTests {
    @Test func recognisesEveryKind() throws {
        let id = UUID()
        #expect(try ReferenceSource.parse(id.uuidString, field: "f") == .upload(id: id))
        #expect(try ReferenceSource.parse("/api/v1/files/\(id.uuidString.lowercased())?exp=1&sig=x", field: "f") == .upload(id: id))
        #expect(try ReferenceSource.parse("https://example.com/a.png", field: "f") == .remoteURL("https://example.com/a.png"))
        #expect(try ReferenceSource.parse("/path/to/reference.jpg", field: "f") == .serverPath("/path/to/reference.jpg"))
        guard case .dataURL(let mime, let payload) = try ReferenceSource.parse("data:image/png;base64,iVBORw0K", field: "f") else {
            Issue.record("data URL not recognised")
            return
        }
        #expect(mime == "image/png")
        #expect(payload == "iVBORw0K")
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://host/x.png", "data:image/png,rawbytes", "data:image/png;base64", "data:;base64,AAAA"])
    func refusesWhatItCannotUse(raw: String) {
        #expect(throws: ValidationError.self) { try ReferenceSource.parse(raw, field: "reference_images[0]") }
    }
}
