import S3Storage

/// Where blobs are kept (README, configuration table): files under VTON_DATA_DIR, unless
/// VTON_STORAGE_URL names an S3 bucket, reached with the endpoint, region and keys given here
/// (or under the AWS SDKs' names, which are read when these are not set).
enum StorageSettings {
    static func load(from value: (String) -> String?) throws(AppConfiguration.Invalid) -> S3Settings? {
        guard let url = value("VTON_STORAGE_URL") else { return nil }
        let location: (bucket: String, prefix: String)
        do { location = try S3Settings.location(url) } catch {
            throw AppConfiguration.Invalid(setting: "VTON_STORAGE_URL", problem: error.description + "; unset keeps files in VTON_DATA_DIR")
        }
        func setting(_ name: String, or aws: String) -> String? { value(name) ?? value(aws) }
        guard let accessKeyID = setting("VTON_S3_ACCESS_KEY_ID", or: "AWS_ACCESS_KEY_ID") else {
            throw AppConfiguration.Invalid(setting: "VTON_S3_ACCESS_KEY_ID", problem: "is required when VTON_STORAGE_URL is set")
        }
        guard let secret = setting("VTON_S3_SECRET_ACCESS_KEY", or: "AWS_SECRET_ACCESS_KEY") else {
            throw AppConfiguration.Invalid(setting: "VTON_S3_SECRET_ACCESS_KEY", problem: "is required when VTON_STORAGE_URL is set")
        }
        let region = setting("VTON_S3_REGION", or: "AWS_REGION") ?? "us-east-1"
        guard region.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") }) else {
            throw AppConfiguration.Invalid(setting: "VTON_S3_REGION", problem: "must be a region name such as eu-west-1, got \"\(region)\"")
        }
        var endpoint = S3Settings.awsEndpoint(region: region)
        if let raw = setting("VTON_S3_ENDPOINT", or: "AWS_ENDPOINT_URL_S3") {
            do { endpoint = try S3Settings.endpoint(raw) } catch {
                throw AppConfiguration.Invalid(setting: "VTON_S3_ENDPOINT", problem: error.description)
            }
        }
        var settings = S3Settings(
            bucket: location.bucket, prefix: location.prefix, endpoint: endpoint, region: region, accessKeyID: accessKeyID,
            secretAccessKey: secret)
        if let raw = value("VTON_S3_TIMEOUT_S") {
            guard let seconds = Double(raw), seconds > 0, seconds <= 3600 else {
                throw AppConfiguration.Invalid(setting: "VTON_S3_TIMEOUT_S", problem: "must be seconds in (0, 3600], got \"\(raw)\"")
            }
            settings.timeoutSeconds = seconds
        }
        return settings
    }
}
