import Foundation

/// One mutating request as the audit log keeps it: who, what, how it ended. Never a body.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int
    public var userID: UUID?
    public var username: String?
    public var method: String
    public var path: String
    public var status: Int
    public var latencyMilliseconds: Double
    public var clientAddress: String?
    /// A short, redacted description of the request.
    public var summary: String
    public var createdAt: Date

    public init(
        id: Int = 0, userID: UUID?, username: String?, method: String, path: String, status: Int, latencyMilliseconds: Double,
        clientAddress: String?, summary: String, createdAt: Date = Date()
    ) {
        self.id = id
        self.userID = userID
        self.username = username
        self.method = method
        self.path = path
        self.status = status
        self.latencyMilliseconds = latencyMilliseconds
        self.clientAddress = clientAddress
        self.summary = summary
        self.createdAt = createdAt
    }

    public static let maxSummaryLength = 300
}

/// Which audit rows to read.
public struct AuditFilter: Sendable, Equatable {
    public var username: String?
    public var path: String?
    public var status: Int?
    public var start: Date?
    public var end: Date?

    public init(username: String? = nil, path: String? = nil, status: Int? = nil, start: Date? = nil, end: Date? = nil) {
        self.username = username
        self.path = path
        self.status = status
        self.start = start
        self.end = end
    }
}
