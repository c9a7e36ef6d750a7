import SQLKit

/// `SUM(column)` as a whole number, 0 when there are no rows. PostgreSQL sums a bigint column
/// as numeric, which does not decode as an Int, so it is cast; MySQL's CAST has no BIGINT
/// (its driver reads a whole DECIMAL as an Int).
struct IntegerSum: SQLExpression {
    let column: String

    init(_ column: String) { self.column = column }

    func serialize(to serializer: inout SQLSerializer) {
        let sum = SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLIdentifier(column)), SQLLiteral.numeric("0"))
        if serializer.dialect.name == "mysql" {
            sum.serialize(to: &serializer)
        } else {
            serializer.write("CAST(")
            sum.serialize(to: &serializer)
            serializer.write(" AS BIGINT)")
        }
    }
}
