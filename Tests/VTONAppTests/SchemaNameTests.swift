import SQLKit
import Testing

@testable import VTONPersistence

/// `SchemaName` writes a name as SQLKit's `SQLIdentifier` would, quotes inside it included,
/// in each database's dialect.
extension RepositoryTests {
    @Test(arguments: locations)
    func schemaNamesAreQuotedAsIdentifiersAre(kind: String) async throws {
        try await withDatabase(kind) { connection, _ in
            let sql = try connection.database as! any SQLDatabase
            for name in ["tasks", "provider_cost_micro_usd", "a\"b", "a`b", "\"", "名前", ""] {
                #expect(sql.serialize(SchemaName(name)).sql == sql.serialize(SQLIdentifier(name)).sql, "\(name)")
            }
            #expect(sql.serialize(SchemaName("a\"b\"c")).sql == sql.serialize(SQLIdentifier("a\"b\"c")).sql)
        }
    }
}
