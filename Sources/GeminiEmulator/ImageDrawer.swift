import Foundation
import VTONDomain
import VTONImaging

/// Draws what one request answers with: the final image, as large in bytes as the service's
/// (gemini-rest.md §3), and for thinking models a small rough draft that stands for an interim
/// thought image.
struct ImageDrawer {
    let request: GenerateContentHandler.Prepared

    struct Encoded: Sendable {
        let mimeType: String
        let data: Data
    }

    /// Grain strong enough that a 1K image stays in the hundreds of kilobytes and a 4K one above
    /// 5 MB, as the service's do, and weak enough that the prompt stays readable.
    static let grainSigma = 10.0

    /// The GA image models answer JPEG; Gemini 2.5 Flash Image answers PNG (§2.3).
    static func encoding(for model: ImageModel) -> VImage.Encoding {
        model.id == "gemini-2.5-flash-image" ? .png(compression: 1) : .jpeg(quality: 95)
    }

    var preview: PreviewRenderer {
        PreviewRenderer(
            model: request.model, aspectRatio: request.aspectRatio, size: request.size, prompt: request.prompt, references: request.images)
    }

    /// Blocking CPU work: call it through `VipsRuntime.run`.
    func final() throws -> Encoded {
        let picture =
            try TryOnRenderer.applies(prompt: request.prompt, imageCount: request.images.count)
            ? TryOnRenderer(
                model: request.model, aspectRatio: request.aspectRatio, size: request.size, prompt: request.prompt, person: request.images[0],
                garments: Array(request.images.dropFirst())
            ).render()
            : preview.render()
        let seed = Int32(truncatingIfNeeded: request.fingerprint)
        let encoding = Self.encoding(for: request.model)
        let finished = request.grain ? try picture.withGrain(sigma: Self.grainSigma, seed: seed) : picture
        return Encoded(mimeType: encoding.mimeType, data: try finished.encoded(encoding))
    }

    /// The draft: a quarter of the size, no grain, low quality.
    func thought() throws -> Encoded {
        var draft = preview
        draft.draft = true
        return Encoded(mimeType: "image/jpeg", data: try draft.render().encoded(.jpeg(quality: 60)))
    }
}
