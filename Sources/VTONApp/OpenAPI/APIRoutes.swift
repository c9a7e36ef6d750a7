import VTONDomain

/// Every HTTP route of the API with what it does and who may call it: the source of
/// `/openapi.json` and of `AuthorizeMiddleware`'s decisions. A test compares it with the
/// router, so a route cannot be added without its entry, and so without its permission.
struct APIRoute {
    let method: String
    let path: String
    let summary: String
    let access: RouteAccess
    let requestSchema: String?
    let responses: [Int]

    static let all: [APIRoute] = [
        .init(
            method: "POST", path: "/api/v1/base/access_token", summary: "Log in; answers the seed's {code,msg,data} envelope with a JWT",
            access: .anyone, requestSchema: "Login", responses: [200, 401, 422, 429]),
        .init(
            method: "GET", path: "/api/v1/base/userinfo", summary: "The caller's account", access: .permission(.accountManage), requestSchema: nil,
            responses: [200, 401]),
        .init(
            method: "POST", path: "/api/v1/base/update_password", summary: "Change the caller's password; revokes existing tokens",
            access: .permission(.accountManage), requestSchema: "UpdatePassword", responses: [200, 400, 401, 422, 429]),
        .init(
            method: "POST", path: "/api/v1/images/generate", summary: "Create a realtime generation task", access: .permission(.imagesCreate),
            requestSchema: "Generate", responses: [200, 201, 401, 402, 403, 413, 415, 422, 429]),
        .init(
            method: "GET", path: "/api/v1/images", summary: "The caller's tasks, newest first (limit, offset, status, q, favourite, person)",
            access: .permission(.imagesRead),
            requestSchema: nil, responses: [200, 401, 422]),
        .init(
            method: "GET", path: "/api/v1/images/tasks", summary: "Same as GET /api/v1/images", access: .permission(.imagesRead), requestSchema: nil,
            responses: [200, 401, 422]),
        .init(
            method: "GET", path: "/api/v1/images/tasks/{task_id}", summary: "One task", access: .permission(.imagesRead), requestSchema: nil,
            responses: [200, 401, 404]),
        .init(
            method: "DELETE", path: "/api/v1/images/tasks/{task_id}",
            summary: "Delete a task: cancels it if unfinished, hides it and deletes its results and references no other task uses",
            access: .permission(.imagesManage),
            requestSchema: nil, responses: [204, 401, 404]),
        .init(
            method: "PUT", path: "/api/v1/images/tasks/{task_id}/favourite", summary: "Star a task", access: .permission(.imagesManage),
            requestSchema: nil, responses: [200, 401, 404]),
        .init(
            method: "DELETE", path: "/api/v1/images/tasks/{task_id}/favourite", summary: "Unstar a task", access: .permission(.imagesManage),
            requestSchema: nil, responses: [200, 401, 404]),
        .init(
            method: "POST", path: "/api/v1/images/tasks/{task_id}/cancel", summary: "Cancel a queued or running task",
            access: .permission(.imagesManage),
            requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "POST", path: "/api/v1/images/tasks/{task_id}/retry", summary: "Create a new task with the same inputs",
            access: .permission(.imagesCreate),
            requestSchema: nil, responses: [201, 401, 404]),
        .init(
            method: "POST", path: "/api/v1/images/export",
            summary: "The result images of chosen tasks (task_ids) or of a batch (batch_id) as one ZIP, streamed",
            access: .permission(.imagesRead), requestSchema: "Export", responses: [200, 401, 404, 409, 413, 422]),
        .init(
            method: "POST", path: "/api/v1/images/batch-generate",
            summary: "Create a batch (1–100 prompts) on the provider's Batch API at half price",
            access: .permission(.batchesCreate), requestSchema: "BatchGenerate", responses: [201, 401, 402, 403, 413, 415, 422, 429, 503]),
        .init(
            method: "GET", path: "/api/v1/images/batch/{batch_name}/status", summary: "A batch's state, counts, cost and savings",
            access: .permission(.batchesRead), requestSchema: nil, responses: [200, 401, 404]),
        .init(
            method: "GET", path: "/api/v1/images/batch/{batch_name}/results", summary: "A finished batch's results; 409 before SUCCEEDED",
            access: .permission(.batchesRead), requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "POST", path: "/api/v1/images/batch/{batch_name}/cancel", summary: "Cancel a batch and its unfinished tasks",
            access: .permission(.batchesManage), requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "GET", path: "/api/v1/images/batch/batches/{batch_name}/status",
            summary: "A batch's state, counts, cost and savings (the provider name unencoded in the path)",
            access: .permission(.batchesRead), requestSchema: nil, responses: [200, 401, 404]),
        .init(
            method: "GET", path: "/api/v1/images/batch/batches/{batch_name}/results",
            summary: "A finished batch's results; 409 before SUCCEEDED (the provider name unencoded in the path)",
            access: .permission(.batchesRead), requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "POST", path: "/api/v1/images/batch/batches/{batch_name}/cancel",
            summary: "Cancel a batch and its unfinished tasks (the provider name unencoded in the path)",
            access: .permission(.batchesManage), requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "GET", path: "/api/v1/models",
            summary: "The models this server's provider key can use, with resolutions, ratios and price per image",
            access: .permission(.imagesCreate),
            requestSchema: nil, responses: [200, 401, 403]),
        .init(
            method: "GET", path: "/api/v1/prompt-templates", summary: "The try-on prompt template of every garment category",
            access: .permission(.promptTemplatesRead),
            requestSchema: nil, responses: [200, 401]),
        .init(
            method: "PUT", path: "/api/v1/prompt-templates/{category}", summary: "Replace a category's try-on template (administrators)",
            access: .permission(.promptTemplatesManage), requestSchema: "PromptTemplate", responses: [200, 401, 403, 404, 422]),
        .init(
            method: "POST", path: "/api/v1/uploads", summary: "Upload one image (multipart field file)", access: .permission(.uploadsCreate),
            requestSchema: "Upload",
            responses: [201, 400, 401, 413, 415, 422]),
        .init(
            method: "GET", path: "/api/v1/files/{file_id}",
            summary:
                "A stored image (owner, admin or signed URL); ?size=thumb for its WebP thumbnail (longest side 384, made in the background when stored), ?format=jpeg|webp|png to convert",
            access: .anyone, requestSchema: nil, responses: [200, 206, 304, 401, 403, 404, 416, 422]),
        .init(
            method: "GET", path: "/api/v1/ws/tasks",
            summary: "WebSocket of task updates (?token=…; closes 4001 for a bad token, 4003 without images:read); see API.md §3",
            access: .permission(.imagesRead),
            requestSchema: nil, responses: [101]),
        .init(
            method: "POST", path: "/api/v1/base/register", summary: "Create an account when sign-up is enabled (VTON_ALLOW_SIGNUP)",
            access: .anyone, requestSchema: "Register", responses: [201, 403, 409, 422]),
        .init(
            method: "GET", path: "/api/v1/user/list", summary: "Users, paged (page, page_size) and searched (username, email)",
            access: .permission(.usersManage), requestSchema: nil, responses: [200, 401, 403, 422]),
        .init(
            method: "GET", path: "/api/v1/user/get", summary: "One user (?user_id=)", access: .permission(.usersManage), requestSchema: nil,
            responses: [200, 401, 403, 404, 422]),
        .init(
            method: "POST", path: "/api/v1/user/create", summary: "Create a user with roles and the new-user credit grant",
            access: .permission(.usersManage), requestSchema: "UserCreate", responses: [201, 401, 403, 409, 422]),
        .init(
            method: "POST", path: "/api/v1/user/update", summary: "Change a user's e-mail, roles or flags; deactivating revokes their sessions",
            access: .permission(.usersManage), requestSchema: "UserUpdate", responses: [200, 401, 403, 404, 409, 422]),
        .init(
            method: "DELETE", path: "/api/v1/user/delete", summary: "Deactivate and hide a user (?user_id=); revokes their sessions",
            access: .permission(.usersManage), requestSchema: nil, responses: [200, 401, 403, 404, 409, 422]),
        .init(
            method: "POST", path: "/api/v1/user/reset_password", summary: "Set or generate a user's password; revokes their sessions",
            access: .permission(.usersManage), requestSchema: "ResetPassword", responses: [200, 401, 403, 404, 422]),
        .init(
            method: "GET", path: "/api/v1/role/list", summary: "Every role with its permissions and quotas", access: .permission(.rolesManage),
            requestSchema: nil, responses: [200, 401, 403]),
        .init(
            method: "GET", path: "/api/v1/role/get", summary: "One role (?role_id=)", access: .permission(.rolesManage), requestSchema: nil,
            responses: [200, 401, 403, 404, 422]),
        .init(
            method: "POST", path: "/api/v1/role/create", summary: "Create a role", access: .permission(.rolesManage), requestSchema: "Role",
            responses: [201, 401, 403, 409, 422]),
        .init(
            method: "POST", path: "/api/v1/role/update", summary: "Change a role's name, description, permissions or quotas",
            access: .permission(.rolesManage), requestSchema: "Role", responses: [200, 401, 403, 404, 409, 422]),
        .init(
            method: "DELETE", path: "/api/v1/role/delete", summary: "Delete a role that is not built in (?role_id=)",
            access: .permission(.rolesManage), requestSchema: nil, responses: [200, 401, 403, 404, 409, 422]),
        .init(
            method: "GET", path: "/api/v1/role/permissions", summary: "Every permission with the routes that need it",
            access: .permission(.rolesManage), requestSchema: nil, responses: [200, 401, 403]),
        .init(
            method: "GET", path: "/api/v1/auditlog/list",
            summary: "Mutating requests, newest first (page, page_size, username, path, status, start_time, end_time)",
            access: .permission(.auditRead), requestSchema: nil, responses: [200, 401, 403, 422]),
        .init(
            method: "POST", path: "/api/v1/api-keys", summary: "Create an API key (shown once) with a subset of your permissions",
            access: .permission(.apiKeysManage), requestSchema: "APIKeyCreate", responses: [201, 401, 403, 409, 422]),
        .init(
            method: "GET", path: "/api/v1/api-keys", summary: "Your API keys, without their secrets", access: .permission(.apiKeysManage),
            requestSchema: nil, responses: [200, 401, 403]),
        .init(
            method: "DELETE", path: "/api/v1/api-keys/{key_id}", summary: "Revoke one of your API keys", access: .permission(.apiKeysManage),
            requestSchema: nil, responses: [204, 401, 403, 404]),
        .init(
            method: "POST", path: "/api/v1/webhooks/secret",
            summary: "Create or replace your webhook signing secret (whsec_…, shown once); not with an API key",
            access: .permission(.apiKeysManage), requestSchema: nil, responses: [201, 401, 403]),
        .init(
            method: "POST", path: "/api/v1/images/tasks/{task_id}/shares",
            summary: "Share a succeeded task's images through a link anyone may open until it expires (default 7 days) or is revoked",
            access: .permission(.imagesManage), requestSchema: "CreateShare", responses: [201, 400, 401, 403, 404, 409, 422]),
        .init(
            method: "GET", path: "/api/v1/images/tasks/{task_id}/shares", summary: "A task's share links, active or not, newest first",
            access: .permission(.imagesRead), requestSchema: nil, responses: [200, 401, 403, 404]),
        .init(
            method: "DELETE", path: "/api/v1/images/tasks/{task_id}/shares/{share_id}", summary: "Revoke a share link (it answers 410 from now)",
            access: .permission(.imagesManage), requestSchema: nil, responses: [200, 401, 403, 404]),
        .init(
            method: "GET", path: "/api/v1/shared/{token}", summary: "A shared task's images, without login (404 unknown, 410 expired or revoked)",
            access: .anyone, requestSchema: nil, responses: [200, 404, 410]),
        .init(
            method: "GET", path: "/api/v1/images/tasks/{task_id}/webhooks",
            summary: "A task's webhook deliveries: each event, its status, next attempt and every attempt's HTTP status and time",
            access: .permission(.imagesRead), requestSchema: nil, responses: [200, 401, 403, 404]),
        .init(
            method: "GET", path: "/api/v1/credits/balance", summary: "Your credit balance and what running tasks hold",
            access: .permission(.creditsRead), requestSchema: nil, responses: [200, 401, 403]),
        .init(
            method: "GET", path: "/api/v1/credits/ledger", summary: "Your credit movements, newest first (page, page_size)",
            access: .permission(.creditsRead), requestSchema: nil, responses: [200, 401, 403, 422]),
        .init(
            method: "GET", path: "/api/v1/credits/user_ledger", summary: "Any user's credit movements (?user_id=, page, page_size)",
            access: .permission(.creditsManage), requestSchema: nil, responses: [200, 401, 403, 404, 422]),
        .init(
            method: "POST", path: "/api/v1/credits/adjust", summary: "Grant (positive delta) or deduct credits, with a reason",
            access: .permission(.creditsManage), requestSchema: "CreditAdjust", responses: [200, 401, 403, 404, 409, 422]),
        .init(
            method: "GET", path: "/api/v1/system/status", summary: "Queue depth, provider state and recent failures",
            access: .permission(.systemRead), requestSchema: nil, responses: [200, 401, 403]),
        .init(
            method: "GET", path: "/api/v1/system/info", summary: "Which provider serves images (gemini or the emulator) and whether sign-up is open",
            access: .anyone,
            requestSchema: nil, responses: [200]),
        .init(method: "GET", path: "/healthz", summary: "Process is up", access: .anyone, requestSchema: nil, responses: [200]),
        .init(
            method: "GET", path: "/readyz", summary: "Database and storage reachable", access: .anyone, requestSchema: nil,
            responses: [200, 503]),
        .init(method: "GET", path: "/metrics", summary: "Prometheus metrics", access: .anyone, requestSchema: nil, responses: [200]),
        .init(method: "GET", path: "/openapi.json", summary: "This document", access: .anyone, requestSchema: nil, responses: [200]),
        .init(method: "GET", path: "/docs", summary: "The API described for humans", access: .anyone, requestSchema: nil, responses: [200]),
    ]
}
