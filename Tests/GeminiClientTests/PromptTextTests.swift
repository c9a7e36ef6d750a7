import Foundation
import Testing

@testable import VTONImaging

/// The emulator writes prompts on its images from glyphs rendered once each (libvips#3660):
/// text must still fit its box, wrap sensibly, show CJK, and give the same pixels every time.
struct PromptTextTests {
    func mask(_ text: String, width: Int = 600, height: Int = 200) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let image = try VImage.textMask(text, width: width, height: height)
        return (image.width, image.height, image.coverage.pixels)
    }

    @Test func textFitsItsBoxHasInkAndIsTheSameEveryTime() throws {
        let first = try mask("A cat running on grass, 一只在草地上奔跑的猫")
        let second = try mask("A cat running on grass, 一只在草地上奔跑的猫")
        #expect(first.width <= 600 && first.height <= 200)
        #expect(first.pixels.contains { $0 > 200 }, "no ink")
        #expect(first.pixels == second.pixels && first.width == second.width)
        #expect(try mask("A dog running on grass, 一只在草地上奔跑的狗").pixels != first.pixels)
    }

    @Test func chineseCharactersAreDrawnAsTheirOwnGlyphs() throws {
        let cat = try mask("猫", width: 200, height: 100)
        let dog = try mask("狗", width: 200, height: 100)
        #expect(cat.pixels.filter { $0 > 128 }.count > 50)
        #expect(cat.pixels != dog.pixels)
        // A font's square CJK glyph, not a narrow placeholder.
        #expect(Double(cat.width) > Double(cat.height) * 0.5)
    }

    @Test func theLongestPromptStillFitsTheSmallestPanel() throws {
        let prompt = String(repeating: "long prompt 很长的提示 ", count: 300)
        let started = ContinuousClock.now
        let result = try mask(prompt, width: 300, height: 120)
        #expect(result.width <= 300 && result.height <= 120)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func linesBreakAtSpacesAroundCJKAndAtNewlines() {
        // Every character is 10 wide; spaces are not drawn, so a skipped pen position reads as one.
        func lines(_ text: String, width: Int) -> [String] {
            TextLayout(text, maxWidth: width) { _ in (10, 10) }.lines.map { line in
                zip(line, [nil] + line.map(Optional.some)).map { placed, previous in
                    (previous.map { placed.x > $0.x + 10 } ?? false ? " " : "") + String(placed.character)
                }.joined()
            }
        }
        #expect(lines("one two three", width: 80) == ["one two", "three"])
        #expect(lines("one\ntwo", width: 1000) == ["one", "two"])
        #expect(lines("猫狗猫狗猫", width: 30) == ["猫狗猫", "狗猫"])
        #expect(lines("abcdefgh", width: 30) == ["abc", "def", "gh"])
        #expect(lines("ab 猫狗", width: 40) == ["ab 猫", "狗"])
    }
}
