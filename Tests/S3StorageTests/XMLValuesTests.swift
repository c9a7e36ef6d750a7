import Testing

@testable import S3Storage

struct XMLValuesTests {
    @Test func readsEveryElementOfANameAndUnescapesIt() {
        let page = """
            <?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Contents><Key>p/a&amp;b</Key></Contents>\
            <Contents><Key>p/c</Key></Contents><IsTruncated>true</IsTruncated><NextContinuationToken>t&lt;1</NextContinuationToken></ListBucketResult>
            """
        #expect(XMLValues.all("Key", in: page) == ["p/a&b", "p/c"])
        #expect(XMLValues.first("NextContinuationToken", in: page) == "t<1")
        #expect(XMLValues.first("UploadId", in: page) == nil)
        #expect(XMLValues.escape("\"a&b\"") == "&quot;a&amp;b&quot;")
    }
}
