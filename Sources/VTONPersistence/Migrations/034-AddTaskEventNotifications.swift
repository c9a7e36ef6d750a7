import FluentKit
import SQLKit

/// PostgreSQL: every new task event is announced on `TaskEventChannel.name` as "id:user_id",
/// sent when its transaction commits, so a notified id is always readable and every process
/// writing events announces them without code of its own. SQLite has one process: nothing.
struct AddTaskEventNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw(
            """
            CREATE FUNCTION announce_task_event() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('vton_task_events', NEW.id || ':' || NEW.user_id);
                RETURN NULL;
            END $$
            """
        ).run()
        try await sql.raw(
            "CREATE TRIGGER task_events_announced AFTER INSERT ON task_events FOR EACH ROW EXECUTE FUNCTION announce_task_event()"
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP TRIGGER task_events_announced ON task_events").run()
        try await sql.raw("DROP FUNCTION announce_task_event()").run()
    }
}
