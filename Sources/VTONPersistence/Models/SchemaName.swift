import SQLKit

/// A table's or column's name in SQL text, quoted as `SQLIdentifier` quotes it. SQLKit doubles
/// any quote inside a name with StringProcessing's `replacing`, which walks the name character
/// by character whether or not it holds a quote; the plain writes of every task name some forty
/// columns per statement, and that search cost more than the rest of building it. A name
/// without the quote is written as it is.
struct SchemaName: SQLExpression {
    let name: String

    init(_ name: String) { self.name = name }

    func serialize(to serializer: inout SQLSerializer) {
        guard let quote = (serializer.dialect.identifierQuote as? SQLRaw)?.sql, quote.utf8.count == 1,
            !name.utf8.contains(quote.utf8.first!)
        else { return SQLIdentifier(name).serialize(to: &serializer) }
        serializer.write(quote)
        serializer.write(name)
        serializer.write(quote)
    }
}
