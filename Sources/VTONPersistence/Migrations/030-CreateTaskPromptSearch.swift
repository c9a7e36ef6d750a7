import FluentKit
import SQLKit

/// Full-text search of prompts for History. SQLite: an FTS5 table of trigrams over the tasks'
/// prompts (any script, any part of a word, from three characters), kept by triggers and
/// filled from the tasks there are. PostgreSQL: an index of the prompts' words. MySQL: none;
/// its FULLTEXT index drops stopwords and words shorter than three letters, which would make
/// search answer differently there, so prompts are searched as text (`PromptSearch`).
struct CreateTaskPromptSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE VIRTUAL TABLE task_prompts USING fts5(prompt, content='tasks', content_rowid='rowid', tokenize='trigram')")
                .run()
            try await sql.raw(
                "CREATE TRIGGER tasks_prompt_added AFTER INSERT ON tasks BEGIN INSERT INTO task_prompts(rowid, prompt) VALUES (new.rowid, new.prompt); END"
            )
            .run()
            try await sql.raw(
                "CREATE TRIGGER tasks_prompt_removed AFTER DELETE ON tasks BEGIN INSERT INTO task_prompts(task_prompts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt); END"
            ).run()
            try await sql.raw("INSERT INTO task_prompts(task_prompts) VALUES ('rebuild')").run()
        } else if sql.dialect.name != "mysql" {
            try await sql.raw("CREATE INDEX tasks_prompt_words ON tasks USING GIN (to_tsvector('simple', prompt))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER tasks_prompt_removed").run()
            try await sql.raw("DROP TRIGGER tasks_prompt_added").run()
            try await sql.raw("DROP TABLE task_prompts").run()
        } else if sql.dialect.name != "mysql" {
            try await sql.raw("DROP INDEX tasks_prompt_words").run()
        }
    }
}
