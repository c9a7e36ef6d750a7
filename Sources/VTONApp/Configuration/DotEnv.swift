import Foundation

/// Reads `KEY=value` lines of a `.env` file; comments and blank lines are skipped.
public enum DotEnv {
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            var trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            if trimmed.hasPrefix("export ") { trimmed = String(trimmed.dropFirst(7)) }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }

    /// The process environment over `.env` in the working directory, if there is one.
    public static func mergedEnvironment(path: String = ".env") -> [String: String] {
        let file = (try? String(contentsOfFile: path, encoding: .utf8)).map(parse) ?? [:]
        return file.merging(ProcessInfo.processInfo.environment) { _, process in process }
    }
}
