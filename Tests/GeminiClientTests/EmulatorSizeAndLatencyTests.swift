import Foundation
import GeminiClient
import GeminiEmulator
import Synchronization
import Testing
import VTONImaging

/// Answers as heavy and as slow as the service's (gemini-rest.md §3): hundreds of kilobytes
/// at 1K, megabytes at 4K, and the configured latency growing with the size.
struct EmulatorSizeAndLatencyTests {
    @Test func byteSizesGrowWithTheImageSize() async throws {
        try await EmulatorHarness.run { emulator in
            var bytes: [String: Int] = [:]
            for size in ["512", "1K", "2K", "4K"] {
                let result = try await emulator.generate("gemini-3.1-flash-image", prompt: "a harbour at night", size: size, modalities: ["IMAGE"])
                let image = try #require(AnswerJSON.parts(result.body).last.flatMap(AnswerJSON.image))
                bytes[size] = image.data.count
            }
            let png = try await emulator.generate("gemini-2.5-flash-image", prompt: "a harbour at night")
            bytes["2.5 PNG 1K"] = try #require(AnswerJSON.parts(png.body).last.flatMap(AnswerJSON.image)).data.count
            print("emulator image bytes (1:1):", bytes.sorted { $0.value < $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            #expect(bytes["1K"]! >= 300_000 && bytes["1K"]! <= 1_500_000)
            #expect(bytes["2K"]! > bytes["1K"]! * 3)
            #expect(bytes["4K"]! >= 5_000_000)
            #expect(bytes["2.5 PNG 1K"]! >= 300_000)
        }
    }

    /// `vton emulator --no-grain`: the same picture without the grain that makes it heavy.
    @Test func withoutGrainAnImageIsAFractionOfItsBytes() async throws {
        func bytes(grain: Bool) async throws -> Int {
            var configuration = EmulatorConfiguration()
            configuration.grain = grain
            let count = Mutex(0)
            try await EmulatorHarness.run(configuration) { emulator in
                let result = try await emulator.generate("gemini-3.1-flash-image", prompt: "a harbour at night", size: "1K", modalities: ["IMAGE"])
                let image = try #require(AnswerJSON.parts(result.body).last.flatMap(AnswerJSON.image))
                count.withLock { $0 = image.data.count }
            }
            return count.withLock { $0 }
        }
        let grained = try await bytes(grain: true)
        let plain = try await bytes(grain: false)
        #expect(plain > 0 && plain * 4 < grained, "\(plain) bytes without grain, \(grained) with")
    }

    @Test func latencyIsForOneKAndScalesWithSize() async throws {
        try await EmulatorHarness.run(EmulatorConfiguration(latencyMilliseconds: 200)) { emulator in
            var took: [String: Duration] = [:]
            for size in ["512", "1K", "2K", "4K"] {
                let started = ContinuousClock.now
                _ = try await emulator.generate("gemini-3.1-flash-image", prompt: "a kite", size: size, modalities: ["IMAGE"])
                took[size] = ContinuousClock.now - started
            }
            #expect(took["512"]! >= .milliseconds(100))
            #expect(took["1K"]! >= .milliseconds(200))
            #expect(took["2K"]! >= .milliseconds(400))
            #expect(took["4K"]! >= .milliseconds(800))
        }
    }
}
