import Foundation
import SQLKit

/// What MySQL needs said differently in the schema statements the migrations share with the
/// other databases: `DROP INDEX` names its table, and an index on a text column covers its
/// first 191 characters (text has no length limit here; unique indexes are MariaDB's hashed
/// ones, which cover the whole value).
enum MySQLSchemaAdjustment {
    static let textPrefix = 191

    static func adjust(_ query: any SQLExpression, on database: MySQLDatabase) async throws -> any SQLExpression {
        if var drop = query as? SQLDropIndex, drop.owningObject == nil {
            let (name, _) = database.serialize(drop.name)
            let rows = try await database.withConnection {
                try await $0.query(
                    "SELECT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = ? LIMIT 1",
                    [.text(name.trimmingCharacters(in: ["`"]))])
            }
            if let table = rows.rows.first?.first ?? nil { drop.owningObject = SQLIdentifier(String(decoding: table, as: UTF8.self)) }
            return drop
        }
        if var create = query as? SQLCreateIndex, let table = create.table, create.modifier == nil {
            let (tableName, _) = database.serialize(table)
            let rows = try await database.withConnection {
                try await $0.query(
                    """
                    SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
                    AND DATA_TYPE IN ('tinytext', 'text', 'mediumtext', 'longtext', 'tinyblob', 'blob', 'mediumblob', 'longblob')
                    """, [.text(tableName.trimmingCharacters(in: ["`"]))])
            }
            let texts = Set(rows.rows.compactMap { $0.first ?? nil }.map { String(decoding: $0, as: UTF8.self) })
            create.columns = create.columns.map { column in
                let (name, _) = database.serialize(column)
                let bare = name.trimmingCharacters(in: ["`"])
                return texts.contains(bare) ? SQLRaw("\(name)(\(textPrefix))") : column
            }
            return create
        }
        return query
    }
}
