import Foundation
import SQLKit
import VTONPersistence

/// The accounts and finished tasks of the system this one replaces (FastAPI + Tortoise ORM on
/// MySQL): tables `user`, `role`, their join `user_role`, and `image_task`. Only reads.
/// `image_task`'s columns are found by name, since its schema changed across the origin's
/// versions: the first present of each list of candidates is used.
struct OriginReader {
    let sql: any SQLDatabase

    struct Account {
        let id: String
        let username: String
        let email: String?
        let passwordHash: String?
        let isActive: Bool
        let isSuperuser: Bool
        let createdAt: Date?
    }

    struct Group {
        let id: String
        let name: String
        let description: String?
    }

    struct FinishedTask {
        let id: String
        let userID: String
        let prompt: String
        let aspectRatio: String?
        let resolution: String?
        let results: String?
        let createdAt: Date?
        let finishedAt: Date?
    }

    static let resultColumns = ["result_paths", "result_images", "image_paths", "result_urls", "result_path", "image_path", "result"]
    static let finishedColumns = ["finished_at", "completed_at", "updated_at"]
    /// How the origin's versions spelt a task that delivered its images.
    static let succeededStatuses = ["succeeded", "success", "completed", "done", "SUCCEEDED", "SUCCESS", "COMPLETED", "DONE"]

    func accounts() async throws -> [Account] {
        try await sql.raw("SELECT * FROM `user` ORDER BY id").all().map { row in
            Account(
                id: try Self.text(row, "id"), username: try row.decode(column: "username", as: String.self),
                email: try Self.optionalText(row, "email").flatMap { $0.isEmpty ? nil : $0 }, passwordHash: try Self.optionalText(row, "password"),
                isActive: try Self.flag(row, "is_active", default: true), isSuperuser: try Self.flag(row, "is_superuser", default: false),
                createdAt: row.contains(column: "created_at") ? try row.decode(column: "created_at", as: Date?.self) : nil)
        }
    }

    func groups() async throws -> [Group] {
        try await sql.raw("SELECT * FROM `role` ORDER BY id").all().map { row in
            Group(
                id: try Self.text(row, "id"), name: try row.decode(column: "name", as: String.self), description: try Self.optionalText(row, "desc"))
        }
    }

    /// Each account's group ids.
    func memberships() async throws -> [String: [String]] {
        var groups: [String: [String]] = [:]
        for row in try await sql.raw("SELECT user_id, role_id FROM user_role").all() {
            groups[try Self.text(row, "user_id"), default: []].append(try Self.text(row, "role_id"))
        }
        return groups
    }

    func taskColumns() async throws -> Set<String> {
        Set(
            try await sql.raw(
                "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'image_task'"
            ).all().map { try $0.decode(column: "name", as: String.self) })
    }

    /// Succeeded tasks after `afterID` in id order, `limit` at a time.
    func finishedTasks(after afterID: String?, limit: Int, columns: Set<String>) async throws -> [FinishedTask] {
        let resultColumn = Self.resultColumns.first(where: columns.contains)
        let finishedColumn = Self.finishedColumns.first(where: columns.contains)
        var query: SQLQueryString = "SELECT * FROM image_task WHERE status IN (\(binds: Self.succeededStatuses))"
        if let afterID { query = query + " AND id > \(bind: afterID)" }
        query = query + " ORDER BY id LIMIT \(literal: limit)"
        return try await sql.raw(query).all().map { row in
            FinishedTask(
                id: try Self.text(row, "id"), userID: try Self.text(row, "user_id"), prompt: try Self.optionalText(row, "prompt") ?? "",
                aspectRatio: try Self.optionalText(row, "aspect_ratio"), resolution: try Self.optionalText(row, "resolution"),
                results: try resultColumn.flatMap { try Self.optionalText(row, $0) },
                createdAt: columns.contains("created_at") ? try row.decode(column: "created_at", as: Date?.self) : nil,
                finishedAt: try finishedColumn.flatMap { try row.decode(column: $0, as: Date?.self) })
        }
    }

    /// Ids are integers in some versions and UUIDs in others: read as their text.
    private static func text(_ row: any SQLRow, _ column: String) throws -> String { try row.decode(column: column, as: String.self) }

    private static func optionalText(_ row: any SQLRow, _ column: String) throws -> String? {
        row.contains(column: column) ? try row.decode(column: column, as: String?.self) : nil
    }

    private static func flag(_ row: any SQLRow, _ column: String, default value: Bool) throws -> Bool {
        row.contains(column: column) ? try row.decode(column: column, as: Bool?.self) ?? value : value
    }
}
