import Foundation
import VTONDomain

/// Builds the OpenAPI 3.1 document served at `/openapi.json` from `APIRoute.all`.
enum OpenAPIDocument {
    static func json() -> Data {
        var paths: [String: [String: Any]] = [:]
        for route in APIRoute.all {
            var operation: [String: Any] = [
                "summary": route.summary,
                "responses": Dictionary(
                    uniqueKeysWithValues: route.responses.map { status in
                        (
                            String(status),
                            status >= 400
                                ? ["description": "Error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
                                    as [String: Any] : ["description": "Success"]
                        )
                    }),
            ]
            if case .permission(let permission) = route.access {
                operation["security"] = [["bearer": [String]()]]
                operation["x-permission"] = permission.rawValue
            }
            let parameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { name -> [String: Any] in
                ["name": String(name.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
            }
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
        [
            "Error": object(["detail": string, "code": string, "field": string], required: ["detail", "code"]),
            "Login": object(["username": string, "password": string], required: ["username", "password"]),
            "UpdatePassword": object(["old_password": string, "new_password": string], required: ["old_password", "new_password"]),
            "BatchGenerate": object(
                [
                    "prompts": ["type": "array", "minItems": 1, "maxItems": 100, "items": string],
                    "reference_images": ["type": "array", "maxItems": 14, "items": reference],
                    "aspect_ratio": string, "resolution": string, "model": string,
                ], required: ["prompts"]),
            "Register": object(["username": string, "email": string, "password": string], required: ["username", "password"]),
            "UserCreate": object(
                [
                    "username": string, "email": string, "password": string, "is_active": boolean, "is_superuser": boolean,
                    "role_ids": ["type": "array", "items": string],
                ], required: ["username", "password"]),
            "UserUpdate": object(
                [
                    "id": string, "username": string, "email": string, "is_active": boolean, "is_superuser": boolean,
                    "role_ids": ["type": "array", "items": string],
                ], required: ["id"]),
            "ResetPassword": object(["user_id": string, "new_password": string], required: ["user_id"]),
            "Role": object(
                [
                    "id": string, "name": string, "desc": string,
                    "permissions": ["type": "array", "items": ["type": "string", "enum": Permission.allCases.map(\.rawValue)]],
                    "tasks_per_minute": ["type": ["integer", "null"]], "max_tasks_in_flight": ["type": ["integer", "null"]],
                ], required: ["name"]),
            "APIKeyCreate": object(["name": string, "permissions": ["type": "array", "items": string]], required: ["name"]),
            "CreditAdjust": object(["user_id": string, "delta": ["type": "integer"], "reason": string], required: ["user_id", "delta", "reason"]),
            "PromptTemplate": object(["template": ["type": "string", "minLength": 1, "maxLength": 8000]], required: ["template"]),
            "Upload": object(["file": ["type": "string", "format": "binary"]], required: ["file"]),
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
                    "idempotency_key": string,
                ], required: ["prompt"]),
        ]
    }

    static var string: [String: Any] { ["type": "string"] }
    static var boolean: [String: Any] { ["type": "boolean"] }

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
