/// The service's proto-JSON parser takes lowerCamelCase and snake_case names alike and rejects
/// unknown ones; the emulator rewrites every key to camelCase, then checks it against the schema.
enum WireNormaliser {
    /// Allowed keys per message, keyed by the message's name.
    static let schema: [String: (keys: Set<String>, children: [String: String])] = [
        "GenerateContentRequest": (
            ["contents", "generationConfig", "systemInstruction", "safetySettings", "tools", "toolConfig", "cachedContent", "model"],
            ["contents": "Content", "generationConfig": "GenerationConfig", "systemInstruction": "Content"]
        ),
        "Content": (["role", "parts"], ["parts": "Part"]),
        "Part": (
            [
                "text", "inlineData", "fileData", "thought", "thoughtSignature", "functionCall", "functionResponse", "executableCode",
                "codeExecutionResult", "videoMetadata",
            ],
            ["inlineData": "Blob", "fileData": "FileData"]
        ),
        "Blob": (["mimeType", "data"], [:]),
        "FileData": (["mimeType", "fileUri"], [:]),
        "GenerationConfig": (
            [
                "responseModalities", "candidateCount", "imageConfig", "thinkingConfig", "temperature", "topP", "topK", "seed",
                "maxOutputTokens", "stopSequences", "responseMimeType", "presencePenalty", "frequencyPenalty", "mediaResolution",
            ],
            ["imageConfig": "ImageConfig", "thinkingConfig": "ThinkingConfig"]
        ),
        "ImageConfig": (["aspectRatio", "imageSize"], [:]),
        "CreateBatchBody": (["batch"], ["batch": "BatchSpec"]),
        "BatchSpec": (["displayName", "inputConfig", "priority", "webhookConfig", "model", "name"], ["inputConfig": "InputConfig"]),
        "InputConfig": (["requests", "fileName"], ["requests": "InlinedRequests"]),
        "InlinedRequests": (["requests"], ["requests": "InlinedRequest"]),
        // `metadata` is a free string map: its keys are the caller's and stay as written.
        "InlinedRequest": (["request", "metadata"], ["request": "GenerateContentRequest"]),
        "JSONLLine": (["key", "request"], ["request": "GenerateContentRequest"]),
        "ThinkingConfig": (["includeThoughts", "thinkingLevel", "thinkingBudget"], [:]),
    ]

    static func camelCase(_ key: String) -> String {
        guard key.contains("_") else { return key }
        var result = ""
        var upperNext = false
        for character in key {
            if character == "_" {
                upperNext = !result.isEmpty
            } else {
                result.append(upperNext ? Character(character.uppercased()) : character)
                upperNext = false
            }
        }
        return result
    }

    static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    /// Normalises `value` as a message of type `message`, throwing the service's unknown-field error.
    static func normalise(_ value: Any, as message: String, path: String = "") throws -> Any {
        if let array = value as? [Any] {
            return try array.map { try normalise($0, as: message, path: path) }
        }
        guard let object = value as? [String: Any], let rule = schema[message] else { return value }
        var result: [String: Any] = [:]
        for (rawKey, child) in object {
            let key = camelCase(rawKey)
            guard rule.keys.contains(key) else {
                let at = path.isEmpty ? "" : " at '\(path)'"
                throw ProviderError.invalidArgument(
                    "Invalid JSON payload received. Unknown name \"\(rawKey)\"\(at): Cannot find field.", field: path.isEmpty ? rawKey : path)
            }
            let childPath = path.isEmpty ? snakeCase(key) : "\(path).\(snakeCase(key))"
            result[key] = try rule.children[key].map { try normalise(child, as: $0, path: childPath) } ?? child
        }
        return result
    }
}
