import Foundation
import SQLKit
import VTONDomain
import VTONImaging
import VTONPersistence

/// Copies the origin's roles, accounts (with their password hashes: argon2 ones are verified at
/// login and replaced by bcrypt, `PasswordHasher`) and succeeded image tasks with the result
/// files that can be read, into this system. Idempotent: ids are derived from the origin's, so
/// a second run finds what the first wrote and adds only what is new. With `dryRun` it writes
/// nothing and reports what it would copy.
public struct OriginImporter: Sendable {
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var rolesCreated = 0
        public var rolesExisting = 0
        public var usersCreated = 0
        public var usersExisting = 0
        /// Origin accounts whose username an account here already has (such as `admin`): their tasks go to it.
        public var usersMerged = 0
        public var usersSkipped: [String] = []
        public var tasksCreated = 0
        public var tasksExisting = 0
        public var tasksSkipped = 0
        public var filesCopied = 0
        public var filesUnreadable = 0

        public var description: String {
            var lines = [
                "roles: \(rolesCreated) new, \(rolesExisting) already here",
                "users: \(usersCreated) new, \(usersExisting) already imported, \(usersMerged) merged into an account of the same name",
                "tasks: \(tasksCreated) new, \(tasksExisting) already imported, \(tasksSkipped) skipped (owner unknown or prompt unusable)",
                "result files: \(filesCopied) copied, \(filesUnreadable) unreadable (their tasks say result.expired)",
            ]
            if !usersSkipped.isEmpty { lines.append("users skipped: " + usersSkipped.joined(separator: "; ")) }
            return lines.joined(separator: "\n")
        }
    }

    let origin: OriginReader
    let users: any UserRepository
    let roles: any RoleRepository
    let tasks: FluentTaskRepository
    let files: any FileRepository
    let blobs: any BlobStore
    let hasher: PasswordHasher
    let filesRoot: String
    let defaultModel: String
    let newUserCredits: Int
    let dryRun: Bool
    let pageSize: Int

    public init(
        origin: DatabaseConnection, target: DatabaseConnection, blobs: any BlobStore, hasher: PasswordHasher, filesRoot: String,
        defaultModel: String, newUserCredits: Int, dryRun: Bool, pageSize: Int = 1000
    ) throws {
        self.origin = OriginReader(sql: try origin.database as! any SQLDatabase)
        users = FluentUserRepository(connection: target)
        roles = FluentRoleRepository(connection: target)
        tasks = FluentTaskRepository(connection: target)
        files = FluentFileRepository(connection: target)
        self.blobs = blobs
        self.hasher = hasher
        self.filesRoot = filesRoot
        self.defaultModel = defaultModel
        self.newUserCredits = newUserCredits
        self.dryRun = dryRun
        self.pageSize = pageSize
    }

    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        let roleIDs = try await importRoles(&report)
        let owners = try await importUsers(roleIDs: roleIDs, &report)
        progress("roles and users done; copying tasks")
        let columns = try await origin.taskColumns()
        var after: String?
        while true {
            let page = try await origin.finishedTasks(after: after, limit: pageSize, columns: columns)
            guard let last = page.last else { break }
            after = last.id
            try await importTasks(page, owners: owners, &report)
            progress("tasks up to origin id \(last.id): \(report.tasksCreated) new, \(report.tasksExisting) already imported")
        }
        return report
    }

    /// Origin role id → role id here.
    private func importRoles(_ report: inout Report) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for group in try await origin.groups() {
            guard let name = try? Role.validateName(group.name) else { continue }
            if let existing = try await roles.find(name: name) {
                ids[group.id] = existing.id
                report.rolesExisting += 1
                continue
            }
            let role = Role(
                id: OriginMapping.id("role", group.id), name: name, description: group.description ?? "imported", permissions: Permission.ownWork)
            if !dryRun { try await roles.save(role) }
            ids[group.id] = role.id
            report.rolesCreated += 1
        }
        return ids
    }

    /// Origin user id → account id here.
    private func importUsers(roleIDs: [String: UUID], _ report: inout Report) async throws -> [String: UUID] {
        let memberships = try await origin.memberships()
        var owners: [String: UUID] = [:]
        for account in try await origin.accounts() {
            let id = OriginMapping.id("user", account.id)
            if try await users.find(id: id) != nil {
                owners[account.id] = id
                report.usersExisting += 1
                continue
            }
            guard let username = try? AccountFields.username(account.username) else {
                report.usersSkipped.append("\(account.username): not a username here (3–32 letters, digits, . _ -)")
                continue
            }
            if let same = try await users.find(username: username) {
                owners[account.id] = same.id
                report.usersMerged += 1
                continue
            }
            var email = try? AccountFields.email(account.email)
            if let address = email, try await users.taken(username: nil, email: address, except: nil).email { email = nil }
            let groups = (memberships[account.id] ?? []).compactMap { roleIDs[$0] }
            // An account without a password there gets one nobody knows: an administrator resets it.
            var hash = account.passwordHash ?? ""
            if hash.isEmpty { hash = try await hasher.hash(UUID().uuidString + UUID().uuidString) }
            let user = User(
                id: id, username: username, email: email, passwordHash: hash, isSuperuser: account.isSuperuser, isActive: account.isActive,
                roleIDs: groups.isEmpty ? [Role.userID] : groups, createdAt: account.createdAt ?? Date())
            if !dryRun { try await users.create(user, grant: account.isSuperuser ? 0 : newUserCredits, actorID: nil) }
            owners[account.id] = id
            report.usersCreated += 1
        }
        return owners
    }

    private func importTasks(_ page: [OriginReader.FinishedTask], owners: [String: UUID], _ report: inout Report) async throws {
        let candidates = page.map { (origin: $0, id: OriginMapping.id("task", $0.id)) }
        let stored = try await tasks.existing(ids: candidates.map(\.id))
        var new: [ImageTask] = []
        for (finished, id) in candidates {
            if stored.contains(id) {
                report.tasksExisting += 1
                continue
            }
            guard let owner = owners[finished.userID], var task = task(finished, id: id, owner: owner) else {
                report.tasksSkipped += 1
                continue
            }
            let paths = OriginMapping.resultPaths(finished.results)
            var images: [ResultImage] = []
            for (index, path) in paths.enumerated() {
                if let image = try await copy(path, file: OriginMapping.id("file", "\(finished.id):\(index)"), of: task) {
                    images.append(image)
                    report.filesCopied += 1
                } else {
                    report.filesUnreadable += 1
                }
            }
            task.result = TaskResult(images: images, text: nil, expired: images.count < paths.count ? true : nil)
            new.append(task)
        }
        report.tasksCreated += dryRun ? new.count : try await tasks.importFinished(new)
    }

    /// The task as it ended there; nil when its prompt is not one this system takes.
    private func task(_ finished: OriginReader.FinishedTask, id: UUID, owner: UUID) -> ImageTask? {
        let draft = GenerationDraft(prompt: finished.prompt, aspectRatio: finished.aspectRatio, resolution: finished.resolution)
        // An option the catalogue no longer offers is imported with the default instead.
        guard
            let spec = (try? GenerationSpec.validate(draft, defaultModel: defaultModel))
                ?? (try? GenerationSpec.validate(GenerationDraft(prompt: finished.prompt), defaultModel: defaultModel))
        else { return nil }
        let createdAt = finished.createdAt ?? finished.finishedAt ?? Date()
        var task = ImageTask(id: id, userID: owner, spec: spec, referenceFileIDs: [], createdAt: createdAt)
        task.status = .succeeded
        task.attempts = 1
        task.startedAt = createdAt
        task.finishedAt = finished.finishedAt ?? createdAt
        return task
    }

    /// Stores one result image the origin wrote, when it can be read and is an image.
    private func copy(_ path: String, file id: UUID, of task: ImageTask) async throws -> ResultImage? {
        let location = OriginMapping.location(of: path, root: filesRoot)
        guard let data = FileManager.default.contents(atPath: location),
            let info = try? await VipsRuntime.run({ try ImageInspector.inspect(data) })
        else { return nil }
        let image = ResultImage(fileID: id, width: info.width, height: info.height, mimeType: info.format.mimeType)
        guard !dryRun, try await files.find(id: id) == nil else { return image }
        let digest = try await blobs.put(data)
        try await files.create(
            StoredFile(
                id: id, ownerID: task.userID, kind: .result, sha256: digest, mimeType: info.format.mimeType, width: info.width,
                height: info.height, bytes: data.count, createdAt: task.finishedAt ?? task.createdAt, taskID: task.id))
        return image
    }
}
