import AsyncHTTPClient
import Logging
import S3Storage

/// The S3 bucket when one is configured, else files under the data directory. S3 calls share
/// the outbound HTTP client: its pools are per host, so the bucket's connections are its own.
func configuredBlobStore(_ configuration: AppConfiguration, httpClient: HTTPClient, logger: Logger) throws -> any BlobStore {
    guard let settings = configuration.storage else { return try LocalBlobStore(directory: configuration.dataDirectory) }
    logger.info("blob storage", metadata: ["bucket": "\(settings.bucket)", "prefix": "\(settings.prefix)", "endpoint": "\(settings.endpoint)"])
    return S3BlobStore(client: S3Client(settings: settings, httpClient: httpClient, logger: logger))
}
