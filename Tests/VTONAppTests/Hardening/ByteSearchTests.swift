import Testing

@testable import VTONApp

@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("/api/v1/images?q=%00", "%00", true), ("%00", "%00", true), ("%0%00", "%00", true), ("%0", "%00", false),
        ("/api/v1/images", "%00", false), ("x-api-key", "key", true), ("monkey", "key", true), ("ke", "key", false), ("anything", "", true),
    ])
    func findsTheBytesWhereverTheyStart(text: String, needle: String, expected: Bool) {
        #expect(text.utf8.containsBytes(Array(needle.utf8)) == expected)
    }
}
