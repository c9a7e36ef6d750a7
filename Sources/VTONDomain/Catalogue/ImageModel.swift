/// What one provider model accepts and costs. Prices are list prices in micro-US-dollars
/// per output image (gemini-rest.md §3.3); Batch is half of every line.
public struct ImageModel: Sendable, Hashable {
    public let id: String
    /// Empty when the model takes no `imageSize` and always answers at its one size.
    public let sizes: [ImageSize]
    public let aspectRatios: [String]
    public let maxReferenceImages: Int
    /// What the provider bills per token; the per-image price is the image-output line alone.
    public let rates: TokenRates
    /// Ids Google has shut down: kept so old tasks still name their model and the emulator
    /// can answer for them as Google does (404), never offered for new work.
    public let shutDown: Bool
    let pricePerImageMicroUSD: [ImageSize: Int]
    let tokensPerImage: [ImageSize: Int]
    let pixels: @Sendable (String, ImageSize) -> PixelSize?

    public static func == (lhs: ImageModel, rhs: ImageModel) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    public var takesImageSize: Bool { !sizes.isEmpty }

    public func supports(size: ImageSize) -> Bool {
        takesImageSize ? sizes.contains(size) : size == .k1
    }

    public func supports(aspectRatio: String) -> Bool { aspectRatios.contains(aspectRatio) }

    /// The resolutions the public API offers for this model.
    public var apiSizes: [ImageSize] { ImageSize.apiValues.filter(supports(size:)) }

    /// The pixel size the provider answers with, or nil for an unsupported combination.
    public func pixelSize(aspectRatio: String, size: ImageSize) -> PixelSize? {
        guard supports(aspectRatio: aspectRatio), supports(size: size) else { return nil }
        return pixels(aspectRatio, size)
    }

    public func outputTokens(size: ImageSize) -> Int {
        tokensPerImage[takesImageSize ? size : .k1] ?? 0
    }

    public func priceMicroUSD(size: ImageSize, batch: Bool) -> Int {
        let standard = pricePerImageMicroUSD[takesImageSize ? size : .k1] ?? 0
        return batch ? standard / 2 : standard
    }
}
