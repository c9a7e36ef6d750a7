/// What a route needs from its caller (API.md §6). Roles hold permissions, users hold roles,
/// superusers hold all of them, and an API key holds a subset of its owner's.
public enum Permission: String, Sendable, CaseIterable, Codable, Comparable {
    case accountManage = "account:manage"
    case imagesCreate = "images:create"
    case imagesRead = "images:read"
    case imagesManage = "images:manage"
    case batchesCreate = "batches:create"
    case batchesRead = "batches:read"
    case batchesManage = "batches:manage"
    case uploadsCreate = "uploads:create"
    case promptTemplatesRead = "prompt_templates:read"
    case promptTemplatesManage = "prompt_templates:manage"
    case apiKeysManage = "api_keys:manage"
    case creditsRead = "credits:read"
    case creditsManage = "credits:manage"
    case usersManage = "users:manage"
    case rolesManage = "roles:manage"
    case auditRead = "audit:read"
    case systemRead = "system:read"

    public var summary: String {
        switch self {
        case .accountManage: "see one's own account, change one's password"
        case .imagesCreate: "create and retry own generation and try-on tasks"
        case .imagesRead: "list and read own tasks"
        case .imagesManage: "cancel and delete own tasks"
        case .batchesCreate: "submit own batches"
        case .batchesRead: "read own batches and their results"
        case .batchesManage: "cancel own batches"
        case .uploadsCreate: "upload images"
        case .promptTemplatesRead: "read the try-on prompt templates"
        case .promptTemplatesManage: "edit the try-on prompt templates"
        case .apiKeysManage: "create, list and revoke own API keys"
        case .creditsRead: "see own credit balance and ledger"
        case .creditsManage: "grant and deduct any user's credits"
        case .usersManage: "create, edit, deactivate users and reset their passwords"
        case .rolesManage: "create and edit roles"
        case .auditRead: "read the audit log"
        case .systemRead: "see queue depth, provider state and recent failures"
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Names as a client sends them; an unknown one is a 422 on `permissions[i]`.
    public static func parse(_ names: [String]) throws(ValidationError) -> [Permission] {
        var permissions: [Permission] = []
        for (index, name) in names.enumerated() {
            guard let permission = Permission(rawValue: name) else {
                throw ValidationError(field: "permissions[\(index)]", "\"\(name)\" is not a permission")
            }
            permissions.append(permission)
        }
        return permissions
    }

    /// What the built-in `user` role holds: own work, nothing administrative.
    public static let ownWork: Set<Permission> = [
        .accountManage, .imagesCreate, .imagesRead, .imagesManage, .batchesCreate, .batchesRead, .batchesManage, .uploadsCreate,
        .promptTemplatesRead, .apiKeysManage, .creditsRead,
    ]
}

/// Who may call a route: anyone (the route checks what it needs itself, like a signed URL), or
/// an authenticated caller holding a permission.
public enum RouteAccess: Sendable, Equatable {
    case anyone
    case permission(Permission)
}
