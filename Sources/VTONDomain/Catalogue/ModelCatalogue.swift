/// The image models VTON Lab knows, keyed by their bare provider id.
public enum ModelCatalogue {
    public static let standardRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]
    static let extendedRatios = standardRatios + ["1:4", "4:1", "1:8", "8:1"]

    public static let all: [ImageModel] = {
        let flashPixels: @Sendable (String, ImageSize) -> PixelSize? = { PixelTables.flash[$0]?[$1] }
        let fixedPixels: @Sendable (String, ImageSize) -> PixelSize? = { ratio, _ in PixelTables.flash25[ratio] }
        // 3.1 Flash Lite and Nano Banana 2.1 publish only an image-output rate; 3.1 Flash's
        // input and text rates stand in for the rest.
        let flashRates = TokenRates(input: 500_000, textOutput: 3_000_000, imageOutput: 60_000_000)
        let liteRates = TokenRates(input: 500_000, textOutput: 3_000_000, imageOutput: 30_000_000)
        func pro(_ id: String, shutDown: Bool = false) -> ImageModel {
            ImageModel(
                id: id, sizes: [.k1, .k2, .k4], aspectRatios: standardRatios, maxReferenceImages: 14,
                rates: TokenRates(input: 2_000_000, textOutput: 12_000_000, imageOutput: 120_000_000), shutDown: shutDown,
                pricePerImageMicroUSD: [.k1: 134_000, .k2: 134_000, .k4: 240_000],
                tokensPerImage: [.k1: 1120, .k2: 1120, .k4: 2000], pixels: flashPixels)
        }
        func flash(_ id: String, shutDown: Bool = false) -> ImageModel {
            ImageModel(
                id: id, sizes: [.px512, .k1, .k2, .k4], aspectRatios: extendedRatios, maxReferenceImages: 14, rates: flashRates,
                shutDown: shutDown,
                pricePerImageMicroUSD: [.px512: 45_000, .k1: 67_000, .k2: 101_000, .k4: 151_000],
                tokensPerImage: [.px512: 747, .k1: 1120, .k2: 1680, .k4: 2520], pixels: flashPixels)
        }
        return [
            ImageModel(
                id: "gemini-2.5-flash-image", sizes: [], aspectRatios: standardRatios, maxReferenceImages: 3,
                rates: TokenRates(input: 300_000, textOutput: 2_500_000, imageOutput: 30_000_000), shutDown: false,
                pricePerImageMicroUSD: [.k1: 39_000], tokensPerImage: [.k1: 1290], pixels: fixedPixels),
            pro("gemini-3-pro-image"), pro("gemini-3-pro-image-preview", shutDown: true), pro("nano-banana-pro-preview", shutDown: true),
            flash("gemini-3.1-flash-image"), flash("gemini-3.1-flash-image-preview", shutDown: true),
            ImageModel(
                id: "gemini-3.1-flash-lite-image", sizes: [.k1], aspectRatios: standardRatios, maxReferenceImages: 14, rates: liteRates,
                shutDown: false,
                pricePerImageMicroUSD: [.k1: 33_600], tokensPerImage: [.k1: 1120], pixels: flashPixels),
            ImageModel(
                id: "gemini-nano-banana-2.1", sizes: [.k1, .k2, .k4], aspectRatios: extendedRatios,
                maxReferenceImages: 14, rates: liteRates, shutDown: false,
                pricePerImageMicroUSD: [.k1: 33_600, .k2: 50_400, .k4: 113_000],
                tokensPerImage: [.k1: 1120, .k2: 1680, .k4: 3780], pixels: flashPixels),
        ]
    }()

    /// The models a key could still use, before the provider says which it actually offers.
    public static var current: [ImageModel] { all.filter { !$0.shutDown } }

    public static func model(id: String) -> ImageModel? {
        let bare = id.hasPrefix("models/") ? String(id.dropFirst("models/".count)) : id
        return all.first { $0.id == bare }
    }
}
