import Foundation

/// Where the objects live and how to reach them: a bucket and key prefix on an S3-compatible
/// endpoint, addressed path-style (`endpoint/bucket/key`), which AWS, MinIO, R2 and moto all take.
public struct S3Settings: Sendable, Equatable {
    public var bucket: String
    /// Put before every key; empty, or ending in `/`.
    public var prefix: String
    /// `scheme://host[:port]`, no path.
    public var endpoint: String
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    /// The deadline of one call, its body and its retries included.
    public var timeoutSeconds = 60.0
    public var retry = S3Retry()
    /// Objects from this size are sent in parts of `partSize` (S3 takes parts of 5 MiB or more,
    /// the last one excepted), so a lost connection costs one part, not the whole upload.
    public var multipartThreshold = 16 * 1024 * 1024
    public var partSize = 8 * 1024 * 1024
    /// The most of an object that is read.
    public var maxObjectBytes = 256 * 1024 * 1024

    public init(bucket: String, prefix: String, endpoint: String, region: String, accessKeyID: String, secretAccessKey: String) {
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint = endpoint
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// `s3://bucket` or `s3://bucket/some/prefix`: the bucket and the prefix (with its trailing `/`).
    public static func location(_ url: String) throws(Invalid) -> (bucket: String, prefix: String) {
        guard url.hasPrefix("s3://") else { throw Invalid(description: "must be s3://bucket[/prefix], got \"\(url)\"") }
        let rest = url.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        // S3's rules for new bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
        let allowed = bucket.utf8.allSatisfy {
            (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard (3...63).contains(bucket.count), allowed else {
            throw Invalid(description: "names bucket \"\(bucket)\"; a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens")
        }
        let path = rest.dropFirst(bucket.count).split(separator: "/").joined(separator: "/")
        return (bucket, path.isEmpty ? "" : path + "/")
    }

    /// An http(s) URL with a host and no path, without its trailing slash.
    public static func endpoint(_ text: String) throws(Invalid) -> String {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.path.isEmpty, url.query == nil
        else { throw Invalid(description: "must be an http(s) URL without a path, got \"\(text)\"") }
        return trimmed
    }

    public static func awsEndpoint(region: String) -> String {
        "https://s3.\(region).amazonaws.com"
    }
}
