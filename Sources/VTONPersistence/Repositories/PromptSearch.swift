import SQLKit

/// The SQL condition that a task's prompt holds a word of a search, through each database's
/// full-text index (migration `CreateTaskPromptSearch`). Where the index cannot answer — SQLite's
/// trigrams need three characters; PostgreSQL's words are runs of Latin letters and digits split
/// on spaces and punctuation, which Chinese and Japanese prompts do not have — the prompt is
/// searched as text for that word instead. MySQL has no such index: its prompts are always
/// searched as text.
enum PromptSearch {
    static func condition(_ word: String, in connection: DatabaseConnection) -> SQLQueryString {
        let sqlite = connection.isSQLite
        if sqlite, word.count >= 3 {
            // A quoted FTS5 string: the word is matched as it is, whatever it holds.
            let phrase = "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return "rowid IN (SELECT rowid FROM task_prompts WHERE task_prompts MATCH \(bind: phrase))"
        }
        if !sqlite, !connection.isMySQL, word.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
            // The word, quoted as a lexeme, as the start of a word of the prompt.
            return "to_tsvector('simple', prompt) @@ to_tsquery('simple', quote_literal(\(bind: word)) || ':*')"
        }
        return "LOWER(prompt) LIKE \(bind: "%" + escapedForLike(word) + "%") ESCAPE '\\'"
    }

    private static func escapedForLike(_ word: String) -> String {
        var escaped = ""
        for character in word {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
