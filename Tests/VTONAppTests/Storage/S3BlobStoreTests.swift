import Foundation
import S3Storage
import Testing

@testable import VTONApp

/// `S3BlobStore` and `S3Client` against a real S3 server (moto, started by `make test`).
@Suite(.enabled(if: S3TestBucket.enabled), .timeLimit(.minutes(2)))
struct S3BlobStoreTests {
    @Test func putGetVariantAndDeleteKeepEveryKeyInTheBucket() async throws {
        let settings = try S3TestBucket.settings()
        let client = S3TestBucket.client(settings)
        let store = S3BlobStore(client: client)
        let png = try TestServer.fixture("person-small.png")

        let digest = try await store.put(png)
        #expect(digest == LocalBlobStore.sha256(png))
        #expect(try await store.get(digest) == png)
        #expect(try await client.get("blobs/\(digest.prefix(2))/\(digest)") == png)
        #expect(try await store.get(String(repeating: "0", count: 64)) == nil)
        #expect(try await store.get("../../etc/passwd") == nil)

        // Counted one call at a time: the variant calls here follow one another.
        let made = LockedBox<Int>()
        let render: @Sendable (Data) async throws -> Data = { original in
            made.value = (made.value ?? 0) + 1
            return try await ImageVariant.thumbnail.render(original)
        }
        let thumbnail = try #require(try await store.variant("thumb", of: digest, make: render))
        #expect(try await store.variant("thumb", of: digest, make: render) == thumbnail)
        #expect(made.value == 1, "the second request reads the variant the first one stored")
        #expect(TestServer.imageSize(thumbnail) != nil)
        #expect(try await store.variant("thumb", of: String(repeating: "1", count: 64), make: render) == nil)
        #expect(made.value == 1)

        #expect(
            try await client.keys(under: "blobs/").sorted() == ["blobs/\(digest.prefix(2))/\(digest)", "blobs/\(digest.prefix(2))/\(digest).thumb"])
        try await store.delete(digest)
        #expect(try await store.get(digest) == nil)
        #expect(try await client.keys(under: "").isEmpty)
    }

    @Test func writableOnlyWhenTheBucketAnswers() async throws {
        #expect(await S3BlobStore(client: S3TestBucket.client(try S3TestBucket.settings())).isWritable())
        let missing = S3BlobStore(
            client: S3TestBucket.client(try S3TestBucket.settings(bucket: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())")))
        #expect(await missing.isWritable() == false)
        // A missing bucket is an error, not a missing blob.
        await #expect(throws: S3Error.self) { try await missing.get(String(repeating: "a", count: 64)) }
    }

    @Test func aLargeBlobGoesUpInPartsAndComesBackWhole() async throws {
        var settings = try S3TestBucket.settings()
        settings.multipartThreshold = 5 * 1024 * 1024
        settings.partSize = 5 * 1024 * 1024
        let client = S3TestBucket.client(settings)
        let store = S3BlobStore(client: client)
        var generator = SystemRandomNumberGenerator()
        let large = Data((0..<(12 * 1024 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let small = Data("small".utf8)

        let digest = try await store.put(large)
        #expect(try await store.get(digest) == large)
        // S3 marks an object assembled from parts with the part count after its ETag.
        #expect(try await client.etag("blobs/\(digest.prefix(2))/\(digest)")?.hasSuffix("-3\"") == true)
        let smallDigest = try await store.put(small)
        #expect(try await client.etag("blobs/\(smallDigest.prefix(2))/\(smallDigest)")?.contains("-") == false)
    }

    /// Writers of one key at once meet S3's (and moto's) transient 500s, which the client retries.
    @Test func twentySimultaneousWritersOfOneBlobAndItsVariantAgree() async throws {
        let store = S3BlobStore(client: S3TestBucket.client(try S3TestBucket.settings()))
        let png = try TestServer.fixture("person-small.png")
        let digests = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await store.put(png) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(digests) == [LocalBlobStore.sha256(png)])
        let others = (0..<20).map { Data("blob \($0)".utf8) + png }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for blob in others { group.addTask { _ = try await store.put(blob) } }
            try await group.waitForAll()
        }
        for blob in others { #expect(try await store.get(LocalBlobStore.sha256(blob)) == blob) }
        let variants = try await withThrowingTaskGroup(of: Data?.self) { group in
            for _ in 0..<20 { group.addTask { try await store.variant("png", of: digests[0]) { _ in Data("the same rendering".utf8) } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(variants) == [Data("the same rendering".utf8)])
        #expect(try await store.get(digests[0]) == png)
    }
}

/// The client's deadline and body cap, against a local server that stalls, trickles or says too much.
@Suite(.timeLimit(.minutes(1)))
struct S3ClientLimitTests {
    @Test func aStalledAnswerEndsAtTheDeadlineAndAnOversizedOneAtTheCap() async throws {
        try await FixtureWebServer.run(image: try TestServer.fixture("person-small.png")) { fixture in
            // The fixture server answers GET /<bucket>, which is where a listing goes.
            var settings = S3Settings(bucket: "slow", prefix: "", endpoint: fixture.base, region: "us-east-1", accessKeyID: "a", secretAccessKey: "b")
            settings.timeoutSeconds = 1
            let started = ContinuousClock.now
            await #expect(throws: S3Error.timedOut(operation: "ListObjectsV2")) { try await S3TestBucket.client(settings).keys(under: "") }
            #expect(ContinuousClock.now - started < .seconds(3))

            settings.bucket = "trickle"
            await #expect(throws: S3Error.timedOut(operation: "ListObjectsV2")) { try await S3TestBucket.client(settings).keys(under: "") }

            settings.bucket = "big"
            settings.maxObjectBytes = 1000
            await #expect(throws: S3Error.tooLarge(operation: "ListObjectsV2", limit: 1000)) {
                try await S3TestBucket.client(settings).keys(under: "")
            }
        }
    }
}
