import Testing

@testable import S3Storage

struct S3RetryTests {
    @Test func pausesDoubleUpToTheCapAndAreDrawnBelowTheirCeiling() {
        let retry = S3Retry()
        #expect((1...7).map { retry.ceiling(after: $0) } == [200, 400, 800, 1600, 3200, 5000, 5000].map { Duration.milliseconds($0) })
        #expect(retry.ceiling(after: 1000) == .seconds(5))
        for attempt in 1...5 {
            let pause = retry.delay(after: attempt)
            #expect(pause >= .zero && pause <= retry.ceiling(after: attempt))
        }
    }

    @Test func onlyWhatTheServerOrNetworkMayNotRepeatIsTransient() {
        let transient: [S3Error] = [
            .refused(operation: "PutObject", status: 500, code: "InternalError", message: nil),
            .refused(operation: "PutObject", status: 503, code: "SlowDown", message: nil),
            .refused(operation: "GetObject", status: 400, code: "RequestTimeout", message: nil),
            .refused(operation: "GetObject", status: 502, code: nil, message: nil),
            .transport(operation: "GetObject", detail: "connection reset by peer"),
        ]
        let final: [S3Error] = [
            .refused(operation: "PutObject", status: 403, code: "AccessDenied", message: nil),
            .refused(operation: "GetObject", status: 404, code: "NoSuchBucket", message: nil),
            .refused(operation: "GetObject", status: 501, code: "NotImplemented", message: nil),
            .timedOut(operation: "GetObject"), .tooLarge(operation: "GetObject", limit: 1),
            .malformed(operation: "UploadPart", detail: "no ETag"),
        ]
        #expect(transient.allSatisfy(S3Retry.isTransient))
        #expect(!final.contains(where: S3Retry.isTransient))
    }
}
