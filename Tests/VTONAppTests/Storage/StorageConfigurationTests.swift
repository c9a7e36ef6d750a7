import Testing

@testable import VTONApp

/// VTON_STORAGE_URL and the VTON_S3_* settings: files stay the default, S3 is read whole, and a
/// missing or bad value stops start-up naming the setting.
struct StorageConfigurationTests {
    static let keys = ["VTON_S3_ACCESS_KEY_ID": "AKID", "VTON_S3_SECRET_ACCESS_KEY": "secret"]

    @Test func filesUnlessABucketIsNamed() throws {
        #expect(try AppConfiguration.load(from: [:]).storage == nil)
        #expect(try AppConfiguration.load(from: Self.keys).storage == nil)
    }

    @Test func aBucketOnAWSOrAnotherEndpoint() throws {
        let aws = try #require(try AppConfiguration.load(from: Self.keys.merging(["VTON_STORAGE_URL": "s3://vton-prod/images"]) { $1 }).storage)
        #expect(aws.bucket == "vton-prod" && aws.prefix == "images/")
        #expect(aws.region == "us-east-1" && aws.endpoint == "https://s3.us-east-1.amazonaws.com")
        #expect(aws.accessKeyID == "AKID" && aws.secretAccessKey == "secret")

        let minio = try #require(
            try AppConfiguration.load(from: [
                "VTON_STORAGE_URL": "s3://blobs", "VTON_S3_ENDPOINT": "http://127.0.0.1:9000/", "VTON_S3_REGION": "eu-west-1",
                "VTON_S3_TIMEOUT_S": "5", "AWS_ACCESS_KEY_ID": "from-aws", "AWS_SECRET_ACCESS_KEY": "aws-secret",
            ]).storage)
        #expect(minio.endpoint == "http://127.0.0.1:9000" && minio.region == "eu-west-1" && minio.prefix == "")
        #expect(minio.accessKeyID == "from-aws" && minio.secretAccessKey == "aws-secret" && minio.timeoutSeconds == 5)
    }

    static let bad: [(String, [String: String])] = [
        ("VTON_STORAGE_URL", ["VTON_STORAGE_URL": "/var/vton"]),
        ("VTON_STORAGE_URL", ["VTON_STORAGE_URL": "s3://No_Such"]),
        ("VTON_S3_ACCESS_KEY_ID", ["VTON_STORAGE_URL": "s3://vton", "VTON_S3_SECRET_ACCESS_KEY": "x"]),
        ("VTON_S3_SECRET_ACCESS_KEY", ["VTON_STORAGE_URL": "s3://vton", "VTON_S3_ACCESS_KEY_ID": "x"]),
        ("VTON_S3_ENDPOINT", keys.merging(["VTON_STORAGE_URL": "s3://vton", "VTON_S3_ENDPOINT": "minio:9000"]) { $1 }),
        ("VTON_S3_REGION", keys.merging(["VTON_STORAGE_URL": "s3://vton", "VTON_S3_REGION": "EU West"]) { $1 }),
        ("VTON_S3_TIMEOUT_S", keys.merging(["VTON_STORAGE_URL": "s3://vton", "VTON_S3_TIMEOUT_S": "0"]) { $1 }),
    ]

    @Test(arguments: bad)
    func badValuesNameTheSetting(setting: String, environment: [String: String]) {
        do {
            _ = try AppConfiguration.load(from: environment)
            Issue.record("\(environment) was accepted")
        } catch {
            #expect(error.setting == setting)
            #expect(!error.description.contains("secret"), "no secret in the message")
        }
    }
}
