import Foundation

/// Which of a user's tasks a History page shows: by state, starred only, and by words of the
/// prompt (every word must appear, in any case), and try-ons of one person.
public struct TaskFilter: Sendable, Equatable {
    public var status: TaskStatus?
    public var favouritesOnly: Bool
    public var words: [String]
    /// Try-ons whose person photo is one of these files (the copies of one photo); nil: any task.
    public var personFileIDs: [UUID]?
    /// The variations of one request (`ImageTask.variationGroupID`).
    public var variationGroupID: UUID?

    public init(
        status: TaskStatus? = nil, favouritesOnly: Bool = false, words: [String] = [], personFileIDs: [UUID]? = nil, variationGroupID: UUID? = nil
    ) {
        self.status = status
        self.favouritesOnly = favouritesOnly
        self.words = words
        self.personFileIDs = personFileIDs
        self.variationGroupID = variationGroupID
    }

    /// The copies of one person photo a filter looks for at most: uploads of the same bytes.
    public static let maximumPersonCopies = 200

    public static let maximumWords = 8
    public static let maximumQueryLength = 200

    /// The words of a search box's text, refused (field `q`) when there are too many to be a search.
    /// A `+` separates words too: form-encoded query strings write a space as `+`.
    public static func words(of query: String) throws(ValidationError) -> [String] {
        guard query.count <= maximumQueryLength else {
            throw ValidationError(field: "q", "must be at most \(maximumQueryLength) characters")
        }
        var words: [String] = []
        for word in query.split(whereSeparator: { $0.isWhitespace || $0 == "+" }).map({ String($0).lowercased() }) where !words.contains(word) {
            words.append(word)
        }
        guard words.count <= maximumWords else { throw ValidationError(field: "q", "must be at most \(maximumWords) words") }
        return words
    }
}
