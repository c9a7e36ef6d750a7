/// Output pixel sizes per ratio and size tier, from the provider's image-generation guide
/// (gemini-rest.md §3.1). The emulator draws exactly these; clients read real sizes from images.
enum PixelTables {
    /// 3.1 Flash Image; 3 Pro Image uses the 1K/2K/4K columns of the ten standard ratios.
    static let flash: [String: [ImageSize: PixelSize]] = [
        "1:1": [.px512: .init(512, 512), .k1: .init(1024, 1024), .k2: .init(2048, 2048), .k4: .init(4096, 4096)],
        "1:4": [.px512: .init(256, 1024), .k1: .init(512, 2048), .k2: .init(1024, 4096), .k4: .init(2048, 8192)],
        "1:8": [.px512: .init(192, 1536), .k1: .init(384, 3072), .k2: .init(768, 6144), .k4: .init(1536, 12288)],
        "2:3": [.px512: .init(424, 632), .k1: .init(848, 1264), .k2: .init(1696, 2528), .k4: .init(3392, 5056)],
        "3:2": [.px512: .init(632, 424), .k1: .init(1264, 848), .k2: .init(2528, 1696), .k4: .init(5056, 3392)],
        "3:4": [.px512: .init(448, 600), .k1: .init(896, 1200), .k2: .init(1792, 2400), .k4: .init(3584, 4800)],
        "4:1": [.px512: .init(1024, 256), .k1: .init(2048, 512), .k2: .init(4096, 1024), .k4: .init(8192, 2048)],
        "4:3": [.px512: .init(600, 448), .k1: .init(1200, 896), .k2: .init(2400, 1792), .k4: .init(4800, 3584)],
        "4:5": [.px512: .init(464, 576), .k1: .init(928, 1152), .k2: .init(1856, 2304), .k4: .init(3712, 4608)],
        "5:4": [.px512: .init(576, 464), .k1: .init(1152, 928), .k2: .init(2304, 1856), .k4: .init(4608, 3712)],
        "8:1": [.px512: .init(1536, 192), .k1: .init(3072, 384), .k2: .init(6144, 768), .k4: .init(12288, 1536)],
        "9:16": [.px512: .init(384, 688), .k1: .init(768, 1376), .k2: .init(1536, 2752), .k4: .init(3072, 5504)],
        "16:9": [.px512: .init(688, 384), .k1: .init(1376, 768), .k2: .init(2752, 1536), .k4: .init(5504, 3072)],
        "21:9": [.px512: .init(792, 168), .k1: .init(1584, 672), .k2: .init(3168, 1344), .k4: .init(6336, 2688)],
    ]

    /// 2.5 Flash Image has one size per ratio.
    static let flash25: [String: PixelSize] = [
        "1:1": .init(1024, 1024), "2:3": .init(832, 1248), "3:2": .init(1248, 832),
        "3:4": .init(864, 1184), "4:3": .init(1184, 864), "4:5": .init(896, 1152),
        "5:4": .init(1152, 896), "9:16": .init(768, 1344), "16:9": .init(1344, 768),
        "21:9": .init(1536, 672),
    ]
}
