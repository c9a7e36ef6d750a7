import Foundation
import Testing
import VTONDomain

@testable import VTONPersistence

/// History's search and stars, through each database's own full-text search.
extension RepositoryTests {
    @Test(arguments: locations)
    func promptsAreFoundByTheirWordsAndStarsFilter(kind: String) async throws {
        try await withDatabase(kind) { connection, user in
            let tasks = FluentTaskRepository(connection: connection)
            var ids: [String: UUID] = [:]
            for prompt in ["A red silk dress on a model", "Blue denim jacket, 100% cotton", "red wool coat", "生成一只猫", "under_score"] {
                ids[prompt] = try await tasks.create(try newTask(user, prompt: prompt)).task.id
            }
            func found(_ query: String, favourites: Bool = false) async throws -> Set<UUID> {
                let filter = TaskFilter(favouritesOnly: favourites, words: try TaskFilter.words(of: query))
                let page = try await tasks.list(userID: user.id, filter: filter, limit: 100, offset: 0)
                #expect(page.total == page.tasks.count)
                return Set(page.tasks.map(\.id))
            }
            #expect(try await found("red") == [ids["A red silk dress on a model"]!, ids["red wool coat"]!])
            #expect(try await found("RED dress") == [ids["A red silk dress on a model"]!])
            #expect(try await found("dre") == [ids["A red silk dress on a model"]!])
            #expect(try await found("100%") == [ids["Blue denim jacket, 100% cotton"]!])
            #expect(try await found("%").isEmpty == false)
            #expect(try await found("_").count == 1)
            #expect(try await found("猫") == [ids["生成一只猫"]!])
            #expect(try await found("silk \"quoted\"").isEmpty)
            #expect(try await found("").count == 5)

            let coat = ids["red wool coat"]!
            #expect(try await tasks.setFavourite(id: coat, userID: UUID(), true) == nil)
            #expect(try await tasks.setFavourite(id: coat, userID: user.id, true)?.favourite == true)
            #expect(try await found("", favourites: true) == [coat])
            #expect(try await found("red", favourites: true) == [coat])
            #expect(try await tasks.setFavourite(id: coat, userID: user.id, false)?.favourite == false)
            #expect(try await found("", favourites: true).isEmpty)
        }
    }
}
