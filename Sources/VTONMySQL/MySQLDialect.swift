import Crypto
import Foundation
import SQLKit

/// MySQL's and MariaDB's SQL: backtick identifiers, `?` binds, `AUTO_INCREMENT`,
/// `ON DUPLICATE KEY UPDATE`. `RETURNING` is MariaDB's, which has it on INSERT and DELETE
/// (not UPDATE: the repositories lock, update and read instead).
public struct MySQLDialect: SQLDialect {
    public init() {}

    public var name: String { "mysql" }
    public var identifierQuote: any SQLExpression { SQLRaw("`") }
    public var literalStringQuote: any SQLExpression { SQLRaw("'") }
    public func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?") }
    public func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "1" : "0") }
    public var autoIncrementClause: any SQLExpression { SQLRaw("AUTO_INCREMENT") }
    public var supportsAutoIncrement: Bool { true }
    public var supportsReturning: Bool { true }
    public var enumSyntax: SQLEnumSyntax { .inline }
    public var upsertSyntax: SQLUpsertSyntax { .mysqlLike }
    public var alterTableSyntax: SQLAlterTableSyntax {
        .init(alterColumnDefinitionClause: SQLRaw("MODIFY COLUMN"), alterColumnDefinitionTypeKeyword: nil)
    }
    public var triggerSyntax: SQLTriggerSyntax { .init(create: [.supportsBody, .conditionRequiresParentheses, .supportsOrder], drop: []) }
    public var unionFeatures: SQLUnionFeatures { [.union, .unionAll, .parenthesizedSubqueries] }
    public var sharedSelectLockExpression: (any SQLExpression)? { SQLRaw("LOCK IN SHARE MODE") }
    public var exclusiveSelectLockExpression: (any SQLExpression)? { SQLRaw("FOR UPDATE") }

    /// Text without a length limit; `MySQLSchemaAdjustment` gives indexes on it a prefix.
    public func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? {
        switch dataType {
        case .text: SQLRaw("MEDIUMTEXT")
        case .blob: SQLRaw("LONGBLOB")
        default: nil
        }
    }

    /// Names are kept (the unique-violation messages name the constraint), unless they pass
    /// MySQL's 64 characters.
    public func normalizeSQLConstraint(identifier: any SQLExpression) -> any SQLExpression {
        guard let name = identifier as? SQLIdentifier, name.string.count > 64 else { return identifier }
        return SQLIdentifier(Insecure.SHA1.hash(data: Data(name.string.utf8)).map { String(format: "%02x", $0) }.joined())
    }
}
