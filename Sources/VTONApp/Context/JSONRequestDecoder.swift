import Foundation
import Hummingbird
import VTONDomain

/// Decodes request bodies, turning decoding failures into 400/422 errors that name the field.
public struct JSONRequestDecoder: RequestDecoder {
    let maxBodyBytes: Int

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch { throw BodyLimitMiddleware.tooLarge(limit: maxBodyBytes) }
        return try Self.decode(type, from: Data(buffer.readableBytesView))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let field = NULText.field(in: data) {
            throw APIError.validation(ValidationError(field: field, "\(field) must not hold the NUL character (U+0000)"))
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            if let (field, text) = JSONNumberFields.unfit(type, in: data) {
                throw APIError.validation(ValidationError(field: field, "\(field) cannot hold \(text): it is out of range or not a whole number"))
            }
            throw APIError(.badRequest, code: "BAD_JSON", "request body is not valid JSON")
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty,
            DecodingError.valueNotFound(_, let context) where context.codingPath.isEmpty
        {
            throw APIError.validation(ValidationError(field: "body", "the request body must be a JSON object"))
        } catch DecodingError.keyNotFound(let key, let context) {
            let field = fieldName(context.codingPath + [key])
            throw APIError.validation(ValidationError(field: field, "\(field) is required"))
        } catch DecodingError.typeMismatch(let expected, let context) {
            let field = fieldName(context.codingPath)
            throw APIError.validation(ValidationError(field: field, "\(field) must be \(describe(expected))"))
        } catch DecodingError.valueNotFound(let expected, let context) {
            let field = fieldName(context.codingPath)
            throw APIError.validation(ValidationError(field: field, "\(field) must be \(describe(expected)), not null"))
        } catch DecodingError.dataCorrupted(let context) {
            let field = fieldName(context.codingPath)
            throw APIError.validation(ValidationError(field: field, context.debugDescription))
        } catch {
            throw APIError(.badRequest, code: "BAD_JSON", "request body could not be read")
        }
    }

    static func fieldName(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { name, key in
            if let index = key.intValue { name += "[\(index)]" } else { name += name.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: "of type \(type)"
        }
    }
}
