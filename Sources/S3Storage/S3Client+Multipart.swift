import Foundation

extension S3Client {
    /// CreateMultipartUpload, one UploadPart per `partSize` bytes, CompleteMultipartUpload; an
    /// upload that fails midway is aborted so its parts are not kept (and billed).
    func putInParts(_ key: String, _ data: Data, contentType: String) async throws {
        let created = try await send(
            .POST, key: key, query: [("uploads", "")], headers: [("content-type", contentType)], operation: "CreateMultipartUpload")
        guard let uploadID = XMLValues.first("UploadId", in: String(decoding: created?.body ?? Data(), as: UTF8.self)) else {
            throw S3Error.malformed(operation: "CreateMultipartUpload", detail: "the answer names no UploadId")
        }
        do {
            var parts: [String] = []
            for start in stride(from: data.startIndex, to: data.endIndex, by: settings.partSize) {
                let number = parts.count + 1
                let part = data[start..<min(start + settings.partSize, data.endIndex)]
                let reply = try await send(
                    .PUT, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: Data(part), operation: "UploadPart")
                guard let etag = reply?.headers.first(name: "etag") else {
                    throw S3Error.malformed(operation: "UploadPart", detail: "part \(number) came back without an ETag")
                }
                parts.append(etag)
            }
            let manifest =
                "<CompleteMultipartUpload>"
                + parts.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(XMLValues.escape($0.element))</ETag></Part>" }
                .joined() + "</CompleteMultipartUpload>"
            let completed = try await send(
                .POST, key: key, query: [("uploadId", uploadID)], body: Data(manifest.utf8), headers: [("content-type", "application/xml")],
                operation: "CompleteMultipartUpload")
            // S3 may answer 200 and still fail the completion, saying so in the body.
            let text = String(decoding: completed?.body ?? Data(), as: UTF8.self)
            if text.contains("<Error>") {
                throw S3Error.refused(
                    operation: "CompleteMultipartUpload", status: 200, code: XMLValues.first("Code", in: text),
                    message: XMLValues.first("Message", in: text))
            }
        } catch {
            _ = try? await send(.DELETE, key: key, query: [("uploadId", uploadID)], operation: "AbortMultipartUpload")
            throw error
        }
    }
}
