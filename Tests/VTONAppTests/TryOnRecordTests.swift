import Foundation
import Testing

@testable import VTONApp

/// A try-on's record over HTTP: the task names its person and garments with their roles and
/// working URLs, and `?person=` lists the try-ons of one person, the same photo uploaded again
/// included, for its owner only.
@Suite(.timeLimit(.minutes(2)))
struct TryOnRecordTests {
    @Test func aTryOnKeepsItsPersonAndGarmentsAndTheSamePersonsTryOnsAreListedTogether() async throws {
        try await TestServer.run(users: ["rita"]) { server in
            let token = try await server.login()
            let records = TryOnAndImagingTests()
            let person = try await records.upload(server, "person-gps-rotated.jpg", token: token)
            let personAgain = try await records.upload(server, "person-gps-rotated.jpg", token: token)
            let otherPerson = try await records.upload(server, "person-small.png", token: token, type: "image/png")
            let shirt = try await records.upload(server, "garment-tshirt.png", token: token, type: "image/png")
            let dress = try await records.upload(server, "garment-dress.jpg", token: token)
            func id(_ file: [String: Any]) throws -> String { try #require(file["id"] as? String) }
            func tryOn(_ person: [String: Any], _ garments: [[String: Any]], _ category: String) async throws -> String {
                try await server.createTask(
                    [
                        "task_type": "tryon", "aspect_ratio": "3:4",
                        "tryon": ["person_image": try id(person), "garment_images": try garments.map(id), "category": category],
                    ], token: token)
            }
            let tops = try await tryOn(person, [shirt], "tops")
            let outfit = try await tryOn(personAgain, [shirt, dress], "full_outfit")
            let stranger = try await tryOn(otherPerson, [dress], "dresses")
            let generated = try await server.createTask(["prompt": "a still life", "reference_images": [try id(dress)]], token: token)

            let task = try await server.waitForTask(outfit, token: token)
            #expect(task["tryon_category"] as? String == "full_outfit")
            let inputs = try #require(task["inputs"] as? [[String: Any]])
            #expect(inputs.map { $0["role"] as? String } == ["person", "garment", "garment"])
            #expect(inputs.map { $0["file_id"] as? String } == [try id(personAgain), try id(shirt), try id(dress)])
            let personBytes = try await server.request(.get, try #require(inputs[0]["url"] as? String))
            #expect(personBytes.status == .ok)
            #expect(personBytes.data == (try await server.request(.get, try #require(personAgain["url"] as? String)).data))
            #expect(try await server.request(.get, try #require(inputs[1]["thumbnail_url"] as? String)).status == .ok)
            let reference = try await server.task(generated, token: token)["inputs"] as? [[String: Any]]
            #expect(reference?.map { $0["role"] as? String } == ["reference"])

            // Either upload of the photo names the same person; the other person is not among them.
            for file in [person, personAgain] {
                let page = try await server.request(.get, "/api/v1/images?person=\(try id(file))", token: token).json
                #expect((page["tasks"] as? [[String: Any]])?.map { $0["task_id"] as? String } == [outfit, tops])
                #expect(page["total"] as? Int == 2)
            }
            let alone = try await server.request(.get, "/api/v1/images?person=\(try id(otherPerson))", token: token).json
            #expect((alone["tasks"] as? [[String: Any]])?.map { $0["task_id"] as? String } == [stranger])
            // A garment is nobody's person, another user's file matches none of theirs, and a bad id is a 422.
            #expect(try await server.request(.get, "/api/v1/images?person=\(try id(shirt))", token: token).json["total"] as? Int == 0)
            let rita = try await server.login("rita", password: "password1")
            #expect(try await server.request(.get, "/api/v1/images?person=\(try id(person))", token: rita).json["total"] as? Int == 0)
            let bad = try await server.request(.get, "/api/v1/images?person=nobody", token: token)
            #expect(bad.status == .unprocessableContent && bad.json["field"] as? String == "person")
        }
    }
}
