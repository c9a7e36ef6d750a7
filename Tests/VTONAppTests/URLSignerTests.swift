import Foundation
import Testing

@testable import VTONApp

struct URLSignerTests {
    let signer = URLSigner(secret: "test-secret", lifetime: 3600)
    let file = UUID()

    private func parts(_ path: String) throws -> (expires: Int, signature: String) {
        let query = try #require(URLComponents(string: path)?.queryItems)
        let expires = try #require(query.first { $0.name == "exp" }?.value.flatMap(Int.init))
        return (expires, try #require(query.first { $0.name == "sig" }?.value))
    }

    @Test func aFileKeepsItsURLWithinAStepSoBrowsersReuseTheImage() throws {
        let start = Date(timeIntervalSince1970: 1_764_410_400)  // on a step boundary
        let first = signer.signedPath(fileID: file, now: start.addingTimeInterval(1))
        #expect(signer.signedPath(fileID: file, now: start.addingTimeInterval(250)) == first)
        #expect(signer.signedPath(fileID: file, now: start.addingTimeInterval(301)) != first)
        #expect(signer.signedPath(fileID: UUID(), now: start.addingTimeInterval(1)) != first)
    }

    @Test func aURLLivesAtLeastItsLifetimeAndNoLongerThanOneStepMore() throws {
        for offset in [0.0, 0.4, 1, 299, 300, 301, 1234.5] {
            let now = Date(timeIntervalSince1970: 1_764_410_400 + offset)
            let (expires, signature) = try parts(signer.signedPath(fileID: file, now: now))
            let life = Double(expires) - now.timeIntervalSince1970
            #expect(life >= 3600 && life < 3600 + Double(URLSigner.step), "offset \(offset): \(life)")
            #expect(signer.isValid(fileID: file, expires: expires, signature: signature, now: now))
            #expect(!signer.isValid(fileID: UUID(), expires: expires, signature: signature, now: now))
            #expect(!signer.isValid(fileID: file, expires: expires, signature: signature, now: now.addingTimeInterval(life + 1)))
        }
    }
}
