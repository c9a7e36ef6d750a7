import FluentKit

/// What the provider reported for each task (tokens, real cost, unanswered calls): the cost in
/// its own column so sums stay in SQL, the rest as JSON beside it.
struct AddProviderChargeToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("tasks").field("provider_cost_micro_usd", .int64).update()
        try await database.schema("tasks").field("provider_charge_json", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tasks").deleteField("provider_charge_json").update()
        try await database.schema("tasks").deleteField("provider_cost_micro_usd").update()
    }
}
