/// Greedy line breaking of text into a width, in the units of the glyphs' advances: lines
/// break at spaces, on either side of a wide (CJK) character, at newlines, and inside a word
/// only when the word alone is wider than a line.
struct TextLayout: Equatable {
    struct Placed: Equatable {
        let character: Character
        let x: Int
    }

    private(set) var lines: [[Placed]] = [[]]
    /// The widest line's ink extent.
    private(set) var width = 0

    init(_ text: String, maxWidth: Int, metrics: (Character) -> (advance: Int, extent: Int)) {
        var pen = 0
        for segment in Self.segments(text) {
            if segment.first?.isNewline == true {
                breakLine(&pen)
                continue
            }
            if segment.first?.isWhitespace == true {
                // A space at the start of a line would only indent it.
                if pen > 0 { pen += segment.reduce(0) { $0 + metrics($1).advance } }
                continue
            }
            let segmentWidth = segment.reduce(0) { $0 + metrics($1).advance }
            if pen > 0, pen + segmentWidth > maxWidth { breakLine(&pen) }
            for character in segment {
                let (advance, extent) = metrics(character)
                if pen > 0, pen + advance > maxWidth { breakLine(&pen) }
                lines[lines.count - 1].append(Placed(character: character, x: pen))
                width = max(width, pen + extent)
                pen += advance
            }
        }
    }

    private mutating func breakLine(_ pen: inout Int) {
        lines.append([])
        pen = 0
    }

    /// Runs of characters between break opportunities; whitespace and wide characters stand alone.
    static func segments(_ text: String) -> [[Character]] {
        var segments: [[Character]] = []
        var word: [Character] = []
        for character in text {
            if character.isWhitespace || isWide(character) {
                if !word.isEmpty { segments.append(word) }
                word = []
                segments.append([character])
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { segments.append(word) }
        return segments
    }

    /// CJK and other scripts written without spaces, which may break between any two characters.
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(scalar) || (0xAC00...0xD7AF).contains(scalar) || (0xF900...0xFAFF).contains(scalar)
            || (0xFF00...0xFFEF).contains(scalar) || (0x20000...0x3FFFF).contains(scalar)
    }
}
