/// Every HTTP route of the API with what it does, the source of `/openapi.json`.
/// A test compares it with the router, so a route cannot be added without its entry.
struct APIRoute {
    let method: String
    let path: String
    let summary: String
    let authenticated: Bool
    let requestSchema: String?
    let responses: [Int]

    static let all: [APIRoute] = [
        .init(
            method: "POST", path: "/api/v1/base/access_token", summary: "Log in; answers the seed's {code,msg,data} envelope with a JWT",
            authenticated: false, requestSchema: "Login", responses: [200, 401, 422]),
        .init(
            method: "GET", path: "/api/v1/base/userinfo", summary: "The caller's account", authenticated: true, requestSchema: nil,
            responses: [200, 401]),
        .init(
            method: "POST", path: "/api/v1/base/update_password", summary: "Change the caller's password; revokes existing tokens",
            authenticated: true, requestSchema: "UpdatePassword", responses: [200, 400, 401, 422]),
        .init(
            method: "POST", path: "/api/v1/images/generate", summary: "Create a realtime generation task", authenticated: true,
            requestSchema: "Generate", responses: [200, 201, 401, 413, 415, 422]),
        .init(
            method: "GET", path: "/api/v1/images", summary: "The caller's tasks, newest first (limit, offset, status)", authenticated: true,
            requestSchema: nil, responses: [200, 401, 422]),
        .init(
            method: "GET", path: "/api/v1/images/tasks", summary: "Same as GET /api/v1/images", authenticated: true, requestSchema: nil,
            responses: [200, 401, 422]),
        .init(
            method: "GET", path: "/api/v1/images/tasks/{task_id}", summary: "One task", authenticated: true, requestSchema: nil,
            responses: [200, 401, 404]),
        .init(
            method: "DELETE", path: "/api/v1/images/tasks/{task_id}",
            summary: "Delete a task: cancels it if unfinished, hides it and deletes its results and references no other task uses",
            authenticated: true,
            requestSchema: nil, responses: [204, 401, 404]),
        .init(
            method: "POST", path: "/api/v1/images/tasks/{task_id}/cancel", summary: "Cancel a queued or running task", authenticated: true,
            requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "POST", path: "/api/v1/images/tasks/{task_id}/retry", summary: "Create a new task with the same inputs", authenticated: true,
            requestSchema: nil, responses: [201, 401, 404]),
        .init(
            method: "POST", path: "/api/v1/images/batch-generate",
            summary: "Create a batch (1–100 prompts) on the provider's Batch API at half price",
            authenticated: true, requestSchema: "BatchGenerate", responses: [201, 401, 413, 415, 422, 503]),
        .init(
            method: "GET", path: "/api/v1/images/batch/{batch_name}/status", summary: "A batch's state, counts, cost and savings",
            authenticated: true, requestSchema: nil, responses: [200, 401, 404]),
        .init(
            method: "GET", path: "/api/v1/images/batch/{batch_name}/results", summary: "A finished batch's results; 409 before SUCCEEDED",
            authenticated: true, requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "POST", path: "/api/v1/images/batch/{batch_name}/cancel", summary: "Cancel a batch and its unfinished tasks",
            authenticated: true, requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "GET", path: "/api/v1/images/batch/batches/{batch_name}/status",
            summary: "A batch's state, counts, cost and savings (the provider name unencoded in the path)",
            authenticated: true, requestSchema: nil, responses: [200, 401, 404]),
        .init(
            method: "GET", path: "/api/v1/images/batch/batches/{batch_name}/results",
            summary: "A finished batch's results; 409 before SUCCEEDED (the provider name unencoded in the path)",
            authenticated: true, requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "POST", path: "/api/v1/images/batch/batches/{batch_name}/cancel",
            summary: "Cancel a batch and its unfinished tasks (the provider name unencoded in the path)",
            authenticated: true, requestSchema: nil, responses: [200, 401, 404, 409]),
        .init(
            method: "GET", path: "/api/v1/prompt-templates", summary: "The try-on prompt template of every garment category", authenticated: true,
            requestSchema: nil, responses: [200, 401]),
        .init(
            method: "PUT", path: "/api/v1/prompt-templates/{category}", summary: "Replace a category's try-on template (administrators)",
            authenticated: true, requestSchema: "PromptTemplate", responses: [200, 401, 403, 404, 422]),
        .init(
            method: "POST", path: "/api/v1/uploads", summary: "Upload one image (multipart field file)", authenticated: true, requestSchema: "Upload",
            responses: [201, 400, 401, 413, 415, 422]),
        .init(
            method: "GET", path: "/api/v1/files/{file_id}",
            summary:
                "A stored image (owner, admin or signed URL); ?size=thumb for its WebP thumbnail (longest side 384, made in the background when stored), ?format=jpeg|webp|png to convert",
            authenticated: false, requestSchema: nil, responses: [200, 206, 304, 401, 403, 404, 422]),
        .init(
            method: "GET", path: "/api/v1/ws/tasks", summary: "WebSocket of task updates (?token=…); see API.md §3", authenticated: false,
            requestSchema: nil, responses: [101]),
        .init(
            method: "GET", path: "/api/v1/system/info", summary: "Which provider serves images (gemini or the emulator)", authenticated: false,
            requestSchema: nil, responses: [200]),
        .init(method: "GET", path: "/healthz", summary: "Process is up", authenticated: false, requestSchema: nil, responses: [200]),
        .init(
            method: "GET", path: "/readyz", summary: "Database and storage reachable", authenticated: false, requestSchema: nil,
            responses: [200, 503]),
        .init(method: "GET", path: "/metrics", summary: "Prometheus metrics", authenticated: false, requestSchema: nil, responses: [200]),
        .init(method: "GET", path: "/openapi.json", summary: "This document", authenticated: false, requestSchema: nil, responses: [200]),
        .init(method: "GET", path: "/docs", summary: "The API described for humans", authenticated: false, requestSchema: nil, responses: [200]),
    ]
}
