import Foundation
import VTONDomain

/// Builds the OpenAPI 3.1 document served at `/openapi.json` from `APIRoute.all`.
enum OpenAPIDocument {
    static func json() -> Data {
        var paths: [String: [String: Any]] = [:]
        for route in APIRoute.all {
            let key = "\(route.method) \(route.path)"
            let body = successBodies[key]
            // Every route that takes a body answers 400 to one it cannot read (not JSON, not
            // multipart) and 413 to one over its cap (BodyLimitMiddleware).
            let statuses = route.responses + (route.requestSchema == nil ? [] : [400, 413].filter { !route.responses.contains($0) })
            var operation: [String: Any] = [
                "summary": route.summary,
                "responses": Dictionary(
                    uniqueKeysWithValues: statuses.map { status -> (String, [String: Any]) in
                        var response: [String: Any] = ["description": status >= 400 ? "Error" : "Success"]
                        if status >= 400 {
                            response["content"] = json("Error")
                        } else if let body, ![101, 204, 304].contains(status) {
                            response["content"] = body
                        }
                        return (String(status), response)
                    }),
            ]
            if case .permission(let permission) = route.access {
                operation["security"] = [["bearer": [String]()]]
                operation["x-permission"] = permission.rawValue
            }
            let pathParameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment -> [String: Any] in
                let name = String(segment.dropFirst().dropLast())
                return ["name": name, "in": "path", "required": true, "schema": pathParameterSchemas[name] ?? string]
            }
            let parameters = pathParameters + (queryParameters[key] ?? [])
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let schema = route.requestSchema {
                let contentType = schema == "Upload" ? "multipart/form-data" : "application/json"
                operation["requestBody"] = ["required": true, "content": [contentType: ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
            }
            paths[route.path, default: [:]][route.method.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "VTON Lab API", "version": "1.0.0",
                "description": "Image generation and virtual try-on on Gemini image models. Contract: API.md.",
            ],
            "paths": paths,
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "a JWT from /api/v1/base/access_token, or an API key (vtk_…)"]
                ], "schemas": schemas,
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    static var schemas: [String: Any] {
        let requests: [String: Any] = [
            "Error": object(["detail": string, "code": string, "field": string], required: ["detail", "code"]),
            "Login": object(["username": string, "password": string], required: ["username", "password"]),
            "UpdatePassword": object(["old_password": string, "new_password": string], required: ["old_password", "new_password"]),
            "BatchGenerate": object(
                [
                    "prompts": ["type": "array", "minItems": 1, "maxItems": 100, "items": string],
                    "reference_images": ["type": "array", "maxItems": 14, "items": reference],
                    "aspect_ratio": string, "resolution": string, "model": string, "webhook_url": webhookURL,
                ], required: ["prompts"]),
            "Register": object(["username": string, "email": string, "password": string], required: ["username", "password"]),
            "UserCreate": object(
                [
                    "username": string, "email": string, "password": string, "is_active": boolean, "is_superuser": boolean,
                    "role_ids": ["type": "array", "items": uuid],
                ], required: ["username", "password"]),
            "UserUpdate": object(
                [
                    "id": uuid, "username": string, "email": string, "is_active": boolean, "is_superuser": boolean,
                    "role_ids": ["type": "array", "items": uuid],
                ], required: ["id"]),
            "ResetPassword": object(["user_id": uuid, "new_password": string], required: ["user_id"]),
            "Role": object(
                [
                    "id": uuid, "name": string, "desc": string,
                    "permissions": ["type": "array", "items": ["type": "string", "enum": Permission.allCases.map(\.rawValue)]],
                    "tasks_per_minute": ["type": ["integer", "null"]], "max_tasks_in_flight": ["type": ["integer", "null"]],
                ], required: ["name"]),
            "APIKeyCreate": object(["name": string, "permissions": ["type": "array", "items": string]], required: ["name"]),
            "CreditAdjust": object(["user_id": uuid, "delta": ["type": "integer"], "reason": string], required: ["user_id", "delta", "reason"]),
            "PromptTemplate": object(["template": ["type": "string", "minLength": 1, "maxLength": 8000]], required: ["template"]),
            "Upload": object(["file": ["type": "string", "format": "binary"]], required: ["file"]),
            "Export": [
                "type": "object",
                "properties": [
                    "task_ids": ["type": "array", "items": uuid, "minItems": 1, "maxItems": ExportSelection.maximumTasks],
                    "batch_id": ["type": "string", "minLength": 1, "description": "a batch id or its provider name"],
                ],
                "oneOf": [["required": ["task_ids"]], ["required": ["batch_id"]]],
            ],
            "CreateShare": [
                "type": "object",
                "properties": [
                    "expires_in_seconds": [
                        "type": "integer", "minimum": 60, "maximum": ShareLink.maxLifetimeSeconds, "default": ShareLink.defaultLifetimeSeconds,
                    ]
                ],
            ],
            "Generate": object(
                [
                    "prompt": ["type": "string", "minLength": 1, "maxLength": 5000],
                    "reference_images": ["type": "array", "maxItems": 14, "items": reference],
                    "aspect_ratio": [
                        "type": "string", "enum": ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "6:9"], "default": "1:1",
                    ],
                    "resolution": ["type": "string", "enum": ["1K", "2K", "4K"], "default": "1K"],
                    "task_type": ["type": "string", "enum": ["generate", "tryon"], "default": "generate"],
                    "tryon": object(
                        [
                            "person_image": string, "garment_image": string, "garment_images": ["type": "array", "maxItems": 4, "items": string],
                            "category": [
                                "type": "string", "enum": ["tops", "bottoms", "dresses", "outerwear", "shoes", "accessories", "full_outfit"],
                            ],
                        ], required: ["person_image", "category"]),
                    "model": string, "priority": ["type": "string", "enum": ["realtime", "economy"], "default": "realtime"],
                    "idempotency_key": string, "webhook_url": webhookURL,
                    "n": [
                        "type": "integer", "minimum": 1, "maximum": GenerationSpec.maxVariations, "default": 1,
                        "description": "variations: this many tasks (task_ids), each one provider call at the full price",
                    ],
                ], required: ["prompt"]),
        ]
        return requests.merging(answers) { request, _ in request }
    }

    /// What a route's success answers carry, by "METHOD path" (a 101, 204 or 304 carries nothing).
    static var successBodies: [String: [String: Any]] {
        [
            "POST /api/v1/base/access_token": json("LoginAnswer"),
            "GET /api/v1/base/userinfo": json("UserInfo"),
            "POST /api/v1/base/update_password": json("Message"),
            "POST /api/v1/base/register": json("User"),
            "POST /api/v1/images/generate": json("TaskCreated"),
            "GET /api/v1/images": json("TaskList"),
            "GET /api/v1/images/tasks": json("TaskList"),
            "GET /api/v1/images/tasks/{task_id}": json("Task"),
            "POST /api/v1/images/tasks/{task_id}/cancel": json("Task"),
            "PUT /api/v1/images/tasks/{task_id}/favourite": json("Task"),
            "DELETE /api/v1/images/tasks/{task_id}/favourite": json("Task"),
            "POST /api/v1/images/tasks/{task_id}/retry": json("TaskCreated"),
            "POST /api/v1/images/batch-generate": json("BatchCreated"),
            "GET /api/v1/images/batch/{batch_name}/status": json("BatchStatus"),
            "GET /api/v1/images/batch/{batch_name}/results": json("BatchResults"),
            "POST /api/v1/images/batch/{batch_name}/cancel": json("BatchStatus"),
            "GET /api/v1/images/batch/batches/{batch_name}/status": json("BatchStatus"),
            "GET /api/v1/images/batch/batches/{batch_name}/results": json("BatchResults"),
            "POST /api/v1/images/batch/batches/{batch_name}/cancel": json("BatchStatus"),
            "GET /api/v1/prompt-templates": json("PromptTemplateList"),
            "GET /api/v1/models": json("ModelList"),
            "PUT /api/v1/prompt-templates/{category}": json("PromptTemplateEntry"),
            "POST /api/v1/uploads": json("UploadedFile"),
            "GET /api/v1/files/{file_id}": ["image/*": ["schema": ["type": "string", "format": "binary"]]],
            "POST /api/v1/images/export": ["application/zip": ["schema": ["type": "string", "format": "binary"]]],
            "GET /api/v1/user/list": json("UserPage"),
            "GET /api/v1/user/get": json("User"),
            "POST /api/v1/user/create": json("User"),
            "POST /api/v1/user/update": json("User"),
            "DELETE /api/v1/user/delete": json("Message"),
            "POST /api/v1/user/reset_password": json("PasswordResetAnswer"),
            "GET /api/v1/role/list": json("RolePage"),
            "GET /api/v1/role/get": json("RoleEntry"),
            "POST /api/v1/role/create": json("RoleEntry"),
            "POST /api/v1/role/update": json("RoleEntry"),
            "DELETE /api/v1/role/delete": json("Message"),
            "GET /api/v1/role/permissions": json("PermissionList"),
            "GET /api/v1/auditlog/list": json("AuditPage"),
            "POST /api/v1/api-keys": json("APIKeyIssued"),
            "GET /api/v1/api-keys": json("APIKeyList"),
            "POST /api/v1/webhooks/secret": json("WebhookSecretIssued"),
            "GET /api/v1/images/tasks/{task_id}/webhooks": json("WebhookLog"),
            "POST /api/v1/images/tasks/{task_id}/shares": json("ShareLink"),
            "GET /api/v1/images/tasks/{task_id}/shares": json("ShareLinkList"),
            "DELETE /api/v1/images/tasks/{task_id}/shares/{share_id}": json("ShareLink"),
            "GET /api/v1/shared/{token}": json("SharedTask"),
            "GET /api/v1/credits/balance": json("Balance"),
            "GET /api/v1/credits/ledger": json("LedgerPage"),
            "GET /api/v1/credits/user_ledger": json("LedgerPage"),
            "POST /api/v1/credits/adjust": json("LedgerEntry"),
            "GET /api/v1/system/status": json("SystemStatus"),
            "GET /api/v1/system/info": json("SystemInfo"),
            "GET /healthz": json("ProbeStatus"),
            "GET /readyz": json("ProbeStatus"),
            "GET /metrics": ["text/plain": ["schema": string]],
            "GET /openapi.json": ["application/json": ["schema": ["type": "object"]]],
            "GET /docs": ["text/html": ["schema": string]],
        ]
    }

    static var pathParameterSchemas: [String: [String: Any]] {
        [
            "task_id": uuid, "file_id": uuid, "key_id": uuid, "share_id": uuid, "token": ["type": "string", "minLength": 1, "maxLength": 64],
            "category": ["type": "string", "enum": TryOnCategory.allCases.map(\.rawValue)],
        ]
    }

    /// The query parameters a route reads, by "METHOD path".
    static var queryParameters: [String: [[String: Any]]] {
        let taskList = [
            query("limit", ["type": "integer", "minimum": 1, "maximum": 100, "default": 20]),
            query("offset", ["type": "integer", "minimum": 0, "maximum": Int(Int32.max), "default": 0]),
            query("status", ["type": "string", "enum": TaskStatus.allCases.map(\.rawValue)]),
            query(
                "q", ["type": "string", "maxLength": TaskFilter.maximumQueryLength, "description": "words that must all appear in the prompt"]),
            query("favourite", ["type": "boolean", "description": "true: starred tasks only"]),
            query("variation_group", ["type": "string", "format": "uuid", "description": "the variations of one request"]),
            query(
                "person",
                [
                    "type": "string", "format": "uuid",
                    "description": "a file id: try-ons whose person photo is this file or another upload of the same bytes",
                ]),
        ]
        let page = [
            query("page", ["type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1]),
            query("page_size", ["type": "integer", "minimum": 1, "maximum": 100, "default": 10]),
        ]
        let userID = [query("user_id", uuid, required: true)]
        let roleID = [query("role_id", uuid, required: true)]
        let time: [String: Any] = ["type": "string", "description": "RFC 3339 (fractions allowed) or seconds since 1970"]
        return [
            "GET /api/v1/images": taskList,
            "GET /api/v1/images/tasks": taskList,
            "POST /api/v1/images/generate": [
                ["name": "Idempotency-Key", "in": "header", "required": false, "schema": string]
            ],
            "GET /api/v1/files/{file_id}": [
                query("size", ["type": "string", "enum": ["thumb"]]),
                query("format", ["type": "string", "enum": ["jpeg", "webp", "png"]]),
                query("exp", ["type": "integer"]), query("sig", string),
            ],
            "GET /api/v1/user/list": page + [query("username", string), query("email", string)],
            "GET /api/v1/user/get": userID,
            "DELETE /api/v1/user/delete": userID,
            "GET /api/v1/role/get": roleID,
            "DELETE /api/v1/role/delete": roleID,
            "GET /api/v1/auditlog/list": page + [
                query("username", string), query("path", string), query("status", ["type": "integer", "minimum": 100, "maximum": 599]),
                query("start_time", time), query("end_time", time),
            ],
            "GET /api/v1/credits/ledger": page,
            "GET /api/v1/credits/user_ledger": userID + page,
        ]
    }

    /// The shapes of success answers (`successBodies`).
    static var answers: [String: Any] {
        let resultImage = object(
            ["url": string, "thumbnail_url": string, "width": integer, "height": integer, "mime_type": string],
            required: ["url", "thumbnail_url", "width", "height", "mime_type"])
        let taskError = object(
            ["code": ["type": "string", "enum": TaskErrorCode.allCases.map(\.rawValue)], "message": string], required: ["code", "message"])
        let providerCharge = object(
            [
                "cost_usd": number, "prompt_tokens": integer, "image_tokens": integer, "text_tokens": integer, "thought_tokens": integer,
                "unanswered_calls": integer,
            ], required: ["cost_usd", "prompt_tokens", "image_tokens", "text_tokens", "thought_tokens", "unanswered_calls"])
        let price = object(
            ["resolution": string, "usd": number, "batch_usd": number, "credits": integer, "batch_credits": integer],
            required: ["resolution", "usd", "batch_usd", "credits", "batch_credits"])
        let user = object(
            [
                "id": uuid, "username": string, "email": nullable(string), "is_active": boolean, "is_superuser": boolean,
                "roles": array(object(["id": uuid, "name": string], required: ["id", "name"])), "credits": integer, "created_at": dateTime,
            ], required: ["id", "username", "is_active", "is_superuser", "roles", "credits", "created_at"])
        let role = object(
            [
                "id": uuid, "name": string, "desc": string, "permissions": array(string), "tasks_per_minute": nullable(integer),
                "max_tasks_in_flight": nullable(integer), "is_builtin": boolean,
            ], required: ["id", "name", "desc", "permissions", "is_builtin"])
        let auditEntry = object(
            [
                "id": integer, "user_id": nullable(uuid), "username": nullable(string), "method": string, "path": string, "status": integer,
                "latency_ms": number, "client_address": nullable(string), "summary": string, "created_at": dateTime,
            ], required: ["id", "method", "path", "status", "latency_ms", "summary", "created_at"])
        let ledgerEntry = object(
            [
                "id": integer, "user_id": uuid, "kind": ["type": "string", "enum": LedgerKind.allCases.map(\.rawValue)], "delta": integer,
                "balance_after": integer, "task_id": nullable(uuid), "actor_id": nullable(uuid), "reason": nullable(string),
                "created_at": dateTime,
            ], required: ["id", "user_id", "kind", "delta", "balance_after", "created_at"])
        let apiKey = object(
            [
                "id": uuid, "name": string, "prefix": string, "permissions": array(string), "created_at": dateTime,
                "last_used_at": nullable(dateTime),
            ], required: ["id", "name", "prefix", "permissions", "created_at"])
        let promptTemplate = object(
            ["category": ["type": "string", "enum": TryOnCategory.allCases.map(\.rawValue)], "template": string, "updated_at": dateTime],
            required: ["category", "template", "updated_at"])
        let webhookAttempt = object(
            [
                "attempt": integer, "started_at": dateTime, "duration_ms": integer, "status_code": nullable(integer),
                "error": nullable(string),
            ], required: ["attempt", "started_at", "duration_ms", "status_code", "error"])
        let webhookDelivery = object(
            [
                "webhook_id": string, "event": ["type": "string", "enum": WebhookEventType.allCases.map(\.rawValue)],
                "status": ["type": "string", "enum": WebhookDeliveryStatus.allCases.map(\.rawValue)], "attempts": integer,
                "next_attempt_at": nullable(dateTime), "last_status_code": nullable(integer), "last_error": nullable(string),
                "created_at": dateTime, "delivered_at": nullable(dateTime), "log": array(webhookAttempt),
            ],
            required: [
                "webhook_id", "event", "status", "attempts", "next_attempt_at", "last_status_code", "last_error", "created_at", "delivered_at",
                "log",
            ])
        return [
            "WebhookSecretIssued": object(
                ["secret": ["type": "string", "description": "whsec_<base64>, shown this once"], "created_at": dateTime],
                required: ["secret", "created_at"]),
            "WebhookLog": object(
                ["task_id": uuid, "webhook_url": nullable(string), "deliveries": array(webhookDelivery)],
                required: ["task_id", "webhook_url", "deliveries"]),
            "LoginAnswer": object(
                [
                    "code": integer, "msg": string,
                    "data": object(
                        ["access_token": string, "username": string, "token_type": string, "expires_at": dateTime],
                        required: ["access_token", "username", "token_type", "expires_at"]),
                ], required: ["code", "msg", "data"]),
            "UserInfo": object(
                [
                    "id": uuid, "username": string, "email": nullable(string), "is_superuser": boolean, "is_active": boolean,
                    "roles": array(string), "permissions": array(string), "credits": integer, "via_api_key": boolean,
                ], required: ["id", "username", "is_superuser", "is_active", "roles", "permissions", "credits", "via_api_key"]),
            "Message": object(["detail": string], required: ["detail"]),
            "PasswordResetAnswer": object(
                ["detail": string, "new_password": ["type": "string", "description": "only when the server chose it; shown this once"]],
                required: ["detail"]),
            "TaskCreated": object(
                ["task_id": uuid, "status": taskStatus, "created_at": dateTime, "task_ids": array(uuid)],
                required: ["task_id", "status", "created_at", "task_ids"]),
            "Task": object(
                [
                    "task_id": uuid, "status": taskStatus, "task_type": ["type": "string", "enum": TaskType.allCases.map(\.rawValue)],
                    "prompt": string,
                    "aspect_ratio": string, "provider_aspect_ratio": string, "resolution": string,
                    "priority": ["type": "string", "enum": TaskPriority.allCases.map(\.rawValue)], "model": string,
                    "tryon_category": nullable(string),
                    "batch_id": nullable(uuid),
                    "inputs": array(
                        object(
                            [
                                "role": ["type": "string", "enum": TaskInputRole.allCases.map(\.rawValue)], "file_id": uuid, "url": string,
                                "thumbnail_url": string,
                            ], required: ["role", "file_id", "url", "thumbnail_url"])),
                    "result": nullable(
                        object(
                            ["images": array(resultImage), "text": string, "expired": boolean], required: ["images", "expired"])),
                    "error": nullable(taskError), "attempts": integer, "cost_usd": number, "provider": nullable(providerCharge),
                    "favourite": boolean, "variation_group_id": nullable(uuid), "variation_index": nullable(integer),
                    "queue": object(
                        [
                            "lane": ["type": "string", "enum": QueueEstimate.Lane.allCases.map(\.rawValue)], "position": integer,
                            "eta_seconds": integer,
                        ], required: ["lane", "position", "eta_seconds"]),
                    "created_at": dateTime,
                    "started_at": nullable(dateTime), "finished_at": nullable(dateTime),
                ],
                required: [
                    "task_id", "status", "task_type", "prompt", "aspect_ratio", "resolution", "priority", "model", "inputs", "attempts",
                    "favourite", "created_at",
                ]),
            "TaskList": object(["tasks": array(ref("Task")), "total": integer], required: ["tasks", "total"]),
            "ShareLink": object(
                [
                    "share_id": uuid, "task_id": uuid, "token": string, "url": string,
                    "state": ["type": "string", "enum": ["active", "expired", "revoked"]], "created_at": dateTime, "expires_at": dateTime,
                    "revoked_at": nullable(dateTime),
                ], required: ["share_id", "task_id", "token", "url", "state", "created_at", "expires_at", "revoked_at"]),
            "ShareLinkList": object(["shares": array(ref("ShareLink"))], required: ["shares"]),
            "SharedTask": object(
                [
                    "task_type": string, "prompt": string, "tryon_category": nullable(string), "images": array(resultImage),
                    "finished_at": nullable(dateTime), "expires_at": dateTime,
                ], required: ["task_type", "prompt", "tryon_category", "images", "finished_at", "expires_at"]),
            "BatchCreated": object(
                [
                    "batch_id": uuid, "batch_name": string, "task_count": integer, "task_ids": array(uuid), "status": string,
                    "estimated_completion_hours": integer, "created_at": dateTime,
                ], required: ["batch_id", "batch_name", "task_count", "task_ids", "status", "created_at"]),
            "BatchStatus": object(
                [
                    "batch_id": uuid, "batch_name": string, "status": string,
                    "state": ["type": "string", "enum": BatchPhase.allCases.map(\.rawValue)], "task_count": integer,
                    "completed_count": integer, "failed_count": integer, "task_ids": array(uuid), "error": nullable(string), "cost_usd": number,
                    "saved_usd": number, "provider_cost_usd": number, "created_at": dateTime, "updated_at": dateTime,
                ],
                required: [
                    "batch_id", "batch_name", "status", "state", "task_count", "completed_count", "failed_count", "task_ids", "cost_usd",
                    "saved_usd",
                ]),
            "BatchResults": object(
                [
                    "batch_name": string, "status": string,
                    "results": array(
                        object(
                            [
                                "task_index": integer, "task_id": uuid, "status": taskStatus, "images": array(resultImage),
                                "error": nullable(taskError),
                            ], required: ["task_index", "task_id", "status", "images"])),
                ], required: ["batch_name", "status", "results"]),
            "PromptTemplateEntry": promptTemplate,
            "PromptTemplateList": object(["templates": array(promptTemplate)], required: ["templates"]),
            "UploadedFile": object(
                [
                    "id": uuid, "url": string, "mime_type": string, "width": integer, "height": integer, "bytes": integer,
                    "sha256": string,
                ], required: ["id", "url", "mime_type", "width", "height", "bytes", "sha256"]),
            "User": user,
            "UserPage": page(of: user),
            "RoleEntry": role,
            "RolePage": page(of: role),
            "PermissionList": object(
                [
                    "data": array(
                        object(["name": string, "summary": string, "routes": array(string)], required: ["name", "summary", "routes"]))
                ], required: ["data"]),
            "AuditPage": page(of: auditEntry),
            "APIKeyIssued": object(
                ["key": ["type": "string", "description": "the secret, shown this once"], "api_key": apiKey], required: ["key", "api_key"]),
            "APIKeyList": object(["keys": array(apiKey)], required: ["keys"]),
            "Balance": object(
                ["credits": integer, "held": integer, "unlimited": boolean, "usd_per_credit": number],
                required: ["credits", "held", "unlimited", "usd_per_credit"]),
            "LedgerEntry": ledgerEntry,
            "LedgerPage": page(of: ledgerEntry),
            "SystemStatus": object(
                [
                    "provider": string, "default_model": string, "models": array(string),
                    "provider_problems": array(
                        object(
                            ["code": string, "model": string, "message": string, "provider_message": string, "since": dateTime],
                            required: ["code", "model", "message", "provider_message", "since"])),
                    "spending": object(
                        [
                            "tasks_charged": integer, "list_price_usd": number, "provider_cost_usd": number,
                            "tasks_with_provider_cost": integer,
                        ], required: ["tasks_charged", "list_price_usd", "provider_cost_usd", "tasks_with_provider_cost"]),
                    "tasks_by_status": ["type": "object", "additionalProperties": integer], "queue_depth": integer, "running": integer,
                    "recent_failures": array(
                        object(
                            [
                                "task_id": uuid, "user_id": uuid, "model": string, "code": nullable(string), "message": nullable(string),
                                "attempts": integer, "finished_at": nullable(dateTime),
                            ], required: ["task_id", "user_id", "model", "attempts"])),
                ], required: ["provider", "default_model", "tasks_by_status", "queue_depth", "running", "recent_failures"]),
            "SystemInfo": object(
                ["provider": string, "default_model": string, "allow_signup": boolean], required: ["provider", "default_model", "allow_signup"]),
            "ProbeStatus": object(
                [
                    "status": string,
                    "provider": ["type": "string", "enum": ["ok", "billing_required"], "description": "readyz only"],
                    "provider_model": string, "provider_message": string,
                ], required: ["status"]),
            "ModelList": object(
                [
                    "default_model": string,
                    "models": array(
                        object(
                            [
                                "id": string, "is_default": boolean, "resolutions": array(string), "aspect_ratios": array(string),
                                "max_reference_images": integer, "prices": array(price),
                            ], required: ["id", "is_default", "resolutions", "aspect_ratios", "max_reference_images", "prices"])),
                ], required: ["default_model", "models"]),
        ]
    }

    static var taskStatus: [String: Any] { ["type": "string", "enum": TaskStatus.allCases.map(\.rawValue)] }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var number: [String: Any] { ["type": "number"] }

    static func json(_ schema: String) -> [String: Any] { ["application/json": ["schema": ref(schema)]] }
    static func ref(_ schema: String) -> [String: Any] { ["$ref": "#/components/schemas/\(schema)"] }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func nullable(_ schema: [String: Any]) -> [String: Any] { ["anyOf": [schema, ["type": "null"]]] }

    static func query(_ name: String, _ schema: [String: Any], required: Bool = false) -> [String: Any] {
        ["name": name, "in": "query", "required": required, "schema": schema]
    }

    /// The admin lists' page, `{data,total,page,page_size}` (API.md §6).
    static func page(of item: [String: Any]) -> [String: Any] {
        object(["data": array(item), "total": integer, "page": integer, "page_size": integer], required: ["data", "total", "page", "page_size"])
    }

    static var string: [String: Any] { ["type": "string"] }
    static var boolean: [String: Any] { ["type": "boolean"] }

    static var webhookURL: [String: Any] {
        [
            "type": "string", "maxLength": WebhookURL.maxLength,
            "description":
                "https URL POSTed a Standard Webhooks message (webhook-id, webhook-timestamp, webhook-signature) when each task ends; needs a webhook secret (POST /api/v1/webhooks/secret) and a host with public addresses only",
        ]
    }

    static var reference: [String: Any] {
        [
            "type": "string",
            "description":
                "an upload id or its /api/v1/files URL, a data:image/…;base64 URL, an http(s) URL (fetched by the server: public addresses only, at most 3 redirects, VTON_FETCH_TIMEOUT_S, VTON_MAX_UPLOAD_MB), or a path inside VTON_REFERENCE_DIR",
        ]
    }

    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }
}
