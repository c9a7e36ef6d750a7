import FluentKit
import FluentSQL

/// Fluent's schema in MySQL's types. Text has no length limit (MEDIUMTEXT), except where a key
/// covers it (a primary, unique or foreign key), which needs a bounded VARCHAR. Foreign keys
/// are written as table constraints: MySQL ignores `REFERENCES` on a column.
struct MySQLConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string: SQLRaw("MEDIUMTEXT")
        case .datetime: SQLRaw("DATETIME(6)")
        case .uuid: SQLRaw("CHAR(36)")
        case .bool: SQLRaw("BOOL")
        case .data: SQLRaw("LONGBLOB")
        case .array, .dictionary: SQLRaw("JSON")
        default: nil
        }
    }

    func beforeConvert(_ schema: DatabaseSchema) -> DatabaseSchema {
        var copy = schema
        var keyed = Set<String>()
        for constraint in schema.createConstraints {
            guard case .constraint(let algorithm, _) = constraint else { continue }
            switch algorithm {
            case .unique(let fields), .compositeIdentifier(let fields), .foreignKey(let fields, _, _, _, _, _):
                keyed.formUnion(fields.compactMap(Self.name))
            case .custom: break
            }
        }
        copy.createFields = schema.createFields.map { field in
            guard case .definition(let name, var dataType, let constraints) = field else { return field }
            var kept: [DatabaseSchema.FieldConstraint] = []
            var isKey = Self.name(name).map(keyed.contains) ?? false
            for constraint in constraints {
                switch constraint {
                case .foreignKey(let schema, let space, let foreign, let onDelete, let onUpdate):
                    copy.createConstraints.append(
                        .constraint(.foreignKey([name], schema, space: space, [foreign], onDelete: onDelete, onUpdate: onUpdate), name: nil))
                    isKey = true
                case .identifier:
                    isKey = true
                    kept.append(constraint)
                default:
                    kept.append(constraint)
                }
            }
            if isKey, case .string = dataType { dataType = .custom(SQLRaw("VARCHAR(255)")) }
            return .definition(name: name, dataType: dataType, constraints: kept)
        }
        return copy
    }

    private static func name(_ field: DatabaseSchema.FieldName) -> String? {
        guard case .key(let key) = field else { return nil }
        return key.description
    }
}
