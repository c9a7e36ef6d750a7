import Testing

@testable import VTONDomain

struct CatalogueTests {
    @Test func proImageSizesFollowTheTable() throws {
        let model = try #require(ModelCatalogue.model(id: "gemini-3-pro-image"))
        #expect(model.pixelSize(aspectRatio: "16:9", size: .k2) == PixelSize(2752, 1536))
        #expect(model.pixelSize(aspectRatio: "21:9", size: .k1) == PixelSize(1584, 672))
        #expect(model.pixelSize(aspectRatio: "1:1", size: .k4) == PixelSize(4096, 4096))
        #expect(model.pixelSize(aspectRatio: "1:4", size: .k1) == nil)
        #expect(model.pixelSize(aspectRatio: "1:1", size: .px512) == nil)
    }

    @Test func flashHasExtendedRatiosAnd512() throws {
        let model = try #require(ModelCatalogue.model(id: "models/gemini-3.1-flash-image"))
        #expect(model.pixelSize(aspectRatio: "1:8", size: .px512) == PixelSize(192, 1536))
        #expect(model.pixelSize(aspectRatio: "9:16", size: .k4) == PixelSize(3072, 5504))
    }

    @Test func flash25HasOneSizeAndNoImageSize() throws {
        let model = try #require(ModelCatalogue.model(id: "gemini-2.5-flash-image"))
        #expect(!model.takesImageSize)
        #expect(model.pixelSize(aspectRatio: "16:9", size: .k1) == PixelSize(1344, 768))
        #expect(!model.supports(size: .k2))
    }

    @Test func everyModelHasASizeForEveryRatioAndSize() {
        for model in ModelCatalogue.all {
            for ratio in model.aspectRatios {
                for size in model.takesImageSize ? model.sizes : [.k1] {
                    #expect(model.pixelSize(aspectRatio: ratio, size: size) != nil, "\(model.id) \(ratio) \(size)")
                }
            }
        }
    }

    @Test func pricesAreListPricesAndBatchIsHalf() throws {
        let pro = try #require(ModelCatalogue.model(id: "gemini-3-pro-image"))
        #expect(pro.priceMicroUSD(size: .k1, batch: false) == 134_000)
        #expect(pro.priceMicroUSD(size: .k4, batch: false) == 240_000)
        #expect(pro.priceMicroUSD(size: .k1, batch: true) == 67_000)
        let flash = try #require(ModelCatalogue.model(id: "gemini-3.1-flash-image"))
        #expect(flash.priceMicroUSD(size: .k2, batch: false) == 101_000)
        #expect(Money.usd(microUSD: 134_000) == 0.134)
    }
}

struct TokenCostTests {
    @Test func oneProImageCostsItsListPriceAndTheRestIsAddedOnTop() throws {
        let pro = try #require(ModelCatalogue.model(id: "gemini-3-pro-image"))
        // 1120 tokens at $120/M is $0.1344, which the price list rounds to $0.134.
        #expect(pro.rates.costMicroUSD(TokenUsage(imageOutputTokens: 1120), batch: false) == 134_400)
        #expect(pro.rates.costMicroUSD(TokenUsage(imageOutputTokens: 2000), batch: false) == pro.priceMicroUSD(size: .k4, batch: false))
        // Two input images (560 each), a prompt, thinking and a line of text: all billed.
        let real = TokenUsage(promptTokens: 1133, imageOutputTokens: 1120, textOutputTokens: 8, thoughtTokens: 212)
        #expect(pro.rates.costMicroUSD(real, batch: false) == 2_266 + 134_400 + 2_640)
        #expect(pro.rates.costMicroUSD(real, batch: true) == (2_266 + 134_400 + 2_640 + 1) / 2)
    }

    @Test func shutDownPreviewIdsAreKnownButNotCurrent() {
        #expect(ModelCatalogue.model(id: "gemini-3-pro-image-preview")?.shutDown == true)
        #expect(!ModelCatalogue.current.contains { $0.id.hasSuffix("-preview") })
        #expect(ModelCatalogue.current.contains { $0.id == "gemini-3-pro-image" })
    }
}
