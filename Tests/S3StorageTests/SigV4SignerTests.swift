import Foundation
import Testing

@testable import S3Storage

/// AWS's published Signature V4 examples: the generic test suite (service `service`) and the
/// S3 guide's "Signature Calculations for the Authorization Header" examples.
struct SigV4SignerTests {
    static let suite = SigV4Signer(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "service")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z
    static let s3 = SigV4Signer(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// get-vanilla, get-vanilla-query-order-key-case and post-vanilla.
    @Test(arguments: [
        ("GET", [(String, String)](), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        ("GET", [("Param2", "value2"), ("Param1", "value1")], "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        ("POST", [], "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    ])
    func theGenericSuite(method: String, query: [(String, String)], signature: String) {
        let request = SigV4Signer.Request(
            method: method, path: "/", query: query,
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", SigV4Signer.amzDate(Self.suiteDate))], payloadHash: Self.emptyHash)
        #expect(
            Self.suite.authorization(for: request, at: Self.suiteDate)
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + signature)
    }

    func s3Headers(_ extra: [(String, String)], payloadHash: String = emptyHash) -> [(String, String)] {
        [("host", "examplebucket.s3.amazonaws.com"), ("x-amz-content-sha256", payloadHash), ("x-amz-date", "20130524T000000Z")] + extra
    }

    @Test func s3GetObjectWithARange() {
        let request = SigV4Signer.Request(
            method: "GET", path: SigV4Signer.encodePath("/test.txt"), headers: s3Headers([("range", "bytes=0-9")]), payloadHash: Self.emptyHash)
        #expect(
            Self.s3.authorization(for: request, at: Self.s3Date)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func s3PutObjectWithAKeyThatNeedsEncoding() {
        let body = Data("Welcome to Amazon S3.".utf8)
        let hash = SigV4Signer.hexSHA256(body)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SigV4Signer.Request(
            method: "PUT", path: SigV4Signer.encodePath("/test$file.text"),
            headers: s3Headers([("date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")], payloadHash: hash),
            payloadHash: hash)
        #expect(request.path == "/test%24file.text")
        #expect(
            Self.s3.authorization(for: request, at: Self.s3Date).hasSuffix(
                "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"))
    }

    @Test func s3ListObjectsSignsItsQuery() {
        let request = SigV4Signer.Request(
            method: "GET", path: "/", query: [("max-keys", "2"), ("prefix", "J")], headers: s3Headers([]), payloadHash: Self.emptyHash)
        #expect(
            Self.s3.authorization(for: request, at: Self.s3Date).hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"))
    }

    @Test func encodingKeepsOnlyTheUnreservedCharacters() {
        #expect(SigV4Signer.encodePath("a b/ü+~.-_/x") == "a%20b/%C3%BC%2B~.-_/x")
        #expect(SigV4Signer.canonicalQuery([("b", "2"), ("a", "x y"), ("a", "1"), ("uploads", "")]) == "a=1&a=x%20y&b=2&uploads=")
    }

    @Test func storageURLsAndEndpoints() throws {
        let bare = try S3Settings.location("s3://vton-results")
        #expect(bare.bucket == "vton-results" && bare.prefix == "")
        let nested = try S3Settings.location("s3://vton-results/prod//eu/")
        #expect(nested.bucket == "vton-results" && nested.prefix == "prod/eu/")
        for bad in ["http://bucket", "s3://", "s3://Upper", "s3://ab", "s3://under_score/x"] {
            #expect(throws: S3Settings.Invalid.self) { try S3Settings.location(bad) }
        }
        #expect(try S3Settings.endpoint("http://127.0.0.1:9000/") == "http://127.0.0.1:9000")
        for bad in ["ftp://host", "http://host/path", "127.0.0.1:9000"] {
            #expect(throws: S3Settings.Invalid.self) { try S3Settings.endpoint(bad) }
        }
    }
}
