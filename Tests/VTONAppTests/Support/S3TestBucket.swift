import Foundation
import Logging
import S3Storage
import Testing

@testable import VTONApp

/// The S3 server `make test` starts (scripts/test-s3.sh: moto on loopback, VTON_TEST_S3_URL
/// and VTON_TEST_S3_ENDPOINT). The S3 tests run wherever it is set and on CI, where its absence
/// fails them instead of passing them unseen; a bare `swift test` leaves them out.
enum S3TestBucket {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var enabled: Bool { environment["VTON_TEST_S3_URL"] != nil || environment["CI"] != nil }

    /// The settings `vton serve` would read for a prefix of its own in the test bucket (or `bucket`).
    static func settings(prefix: String = "t-\(UUID().uuidString.prefix(8).lowercased())", bucket: String? = nil) throws -> S3Settings {
        let url = try #require(environment["VTON_TEST_S3_URL"], "scripts/test-s3.sh sets VTON_TEST_S3_URL")
        let endpoint = try #require(environment["VTON_TEST_S3_ENDPOINT"], "scripts/test-s3.sh sets VTON_TEST_S3_ENDPOINT")
        let configuration = try AppConfiguration.load(from: [
            "VTON_STORAGE_URL": (bucket.map { "s3://\($0)" } ?? url) + "/" + prefix, "VTON_S3_ENDPOINT": endpoint,
            "VTON_S3_ACCESS_KEY_ID": "testing", "VTON_S3_SECRET_ACCESS_KEY": "testing",
        ])
        return try #require(configuration.storage)
    }

    static func client(_ settings: S3Settings) -> S3Client {
        var logger = Logger(label: "test.s3")
        logger.logLevel = .critical
        return S3Client(settings: settings, httpClient: .shared, logger: logger)
    }
}
