import Foundation
import Testing

@testable import VTONDomain

struct GenerationSpecTests {
    func validate(_ draft: GenerationDraft) throws(ValidationError) -> GenerationSpec {
        try GenerationSpec.validate(draft, defaultModel: "gemini-3-pro-image")
    }

    @Test func seedExampleUsesDefaults() throws {
        let spec = try validate(GenerationDraft(prompt: "  一只在草地上奔跑的猫 \n"))
        #expect(spec.prompt == "一只在草地上奔跑的猫")
        #expect(spec.aspectRatio.value == "1:1")
        #expect(spec.size == .k1)
        #expect(spec.model.id == "gemini-3-pro-image")
        #expect(spec.taskType == .generate)
        #expect(spec.priority == .realtime)
    }

    @Test func sixByNineIsSentAsTwoByThree() throws {
        let spec = try validate(GenerationDraft(prompt: "x", aspectRatio: "6:9"))
        #expect(spec.aspectRatio.value == "6:9")
        #expect(spec.aspectRatio.providerValue == "2:3")
    }

    @Test(arguments: AspectRatio.seedValues)
    func everySeedRatioIsAccepted(ratio: String) throws {
        _ = try validate(GenerationDraft(prompt: "x", aspectRatio: ratio))
    }

    static let invalid: [(String, GenerationDraft)] = [
        ("prompt", GenerationDraft()),
        ("prompt", GenerationDraft(prompt: "   ")),
        ("prompt", GenerationDraft(prompt: String(repeating: "a", count: 5001))),
        ("aspect_ratio", GenerationDraft(prompt: "x", aspectRatio: "7:3")),
        ("aspect_ratio", GenerationDraft(prompt: "x", aspectRatio: "1:4")),
        ("resolution", GenerationDraft(prompt: "x", resolution: "1k")),
        ("resolution", GenerationDraft(prompt: "x", resolution: "8K")),
        ("resolution", GenerationDraft(prompt: "x", resolution: "2K", model: "gemini-2.5-flash-image")),
        ("reference_images", GenerationDraft(prompt: "x", referenceImages: Array(repeating: "/a.png", count: 15))),
        ("n", GenerationDraft(prompt: "x", variations: 0)),
        ("n", GenerationDraft(prompt: "x", variations: 5)),
        ("reference_images", GenerationDraft(prompt: "x", referenceImages: Array(repeating: "/a.png", count: 4), model: "gemini-2.5-flash-image")),
        ("reference_images[1]", GenerationDraft(prompt: "x", referenceImages: ["/ok.png", "file:///etc/passwd"])),
        ("reference_images[0]", GenerationDraft(prompt: "x", referenceImages: ["data:text/plain;base64,aGk="])),
        ("reference_images[0]", GenerationDraft(prompt: "x", referenceImages: [""])),
        ("model", GenerationDraft(prompt: "x", model: "gpt-image")),
        ("task_type", GenerationDraft(prompt: "x", taskType: "video")),
        ("tryon", GenerationDraft(prompt: "x", taskType: "tryon")),
        (
            "tryon.category",
            GenerationDraft(taskType: "tryon", tryOn: TryOnDraft(personImage: "a.png", garmentImage: "b.png", garmentImages: nil, category: "hats"))
        ),
        (
            "tryon.garment_image",
            GenerationDraft(taskType: "tryon", tryOn: TryOnDraft(personImage: "a.png", garmentImage: nil, garmentImages: [], category: "tops"))
        ),
        (
            "tryon.garment_images",
            GenerationDraft(
                taskType: "tryon",
                tryOn: TryOnDraft(personImage: "a.png", garmentImage: nil, garmentImages: ["1", "2", "3", "4", "5"], category: "tops"))
        ),
        (
            "tryon.person_image",
            GenerationDraft(taskType: "tryon", tryOn: TryOnDraft(personImage: nil, garmentImage: "b.png", garmentImages: nil, category: "tops"))
        ),
        ("tryon", GenerationDraft(prompt: "x", tryOn: TryOnDraft(personImage: "a.png", garmentImage: "b.png", garmentImages: nil, category: "tops"))),
        ("priority", GenerationDraft(prompt: "x", priority: "urgent")),
        ("deadline_seconds", GenerationDraft(prompt: "x", deadlineSeconds: 60)),
        ("webhook_url", GenerationDraft(prompt: "x", webhookURL: "http://example.com/hook")),
        ("webhook_url", GenerationDraft(prompt: "x", webhookURL: "https://127.0.0.1/hook")),
        ("idempotency_key", GenerationDraft(prompt: "x", idempotencyKey: "")),
    ]

    @Test(arguments: invalid)
    func invalidDraftNamesItsField(field: String, draft: GenerationDraft) {
        #expect(throws: ValidationError.self) { try validate(draft) }
        do {
            _ = try validate(draft)
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func fourteenReferencesAreAllowed() throws {
        let spec = try validate(GenerationDraft(prompt: "x", referenceImages: Array(repeating: "refs/a.png", count: 14)))
        #expect(spec.references.count == 14)
    }

    @Test func variationsShareTheirInputsAndNameTheirGroup() throws {
        let spec = try validate(GenerationDraft(prompt: "x", idempotencyKey: "k", variations: 4))
        #expect(spec.variations == 4)
        let first = ImageTask(userID: UUID(), spec: spec, referenceFileIDs: [UUID()])
        let group = first.variations(spec.variations)
        #expect(group.map(\.variationIndex) == [0, 1, 2, 3] && Set(group.map(\.id)).count == 4 && group[0].id == first.id)
        #expect(group.allSatisfy { $0.variationGroupID == first.id && $0.referenceFileIDs == first.referenceFileIDs && $0.prompt == "x" })
        #expect(group.map(\.idempotencyKey) == ["k", nil, nil, nil], "the first answers the key for the group")
        #expect(first.variations(1) == [first] && first.variations(1)[0].variationGroupID == nil)
        #expect(try validate(GenerationDraft(prompt: "x")).variations == 1)
    }
}

extension GenerationDraft: CustomTestStringConvertible {
    public var testDescription: String { "prompt=\(prompt?.prefix(10) ?? "nil") ratio=\(aspectRatio ?? "-") res=\(resolution ?? "-")" }
}
