import Foundation

/// A ZIP archive of stored (uncompressed) entries, written as it goes: images are compressed
/// already, and without deflate the archive's exact size is known before the first byte, so a
/// download shows its progress. Without ZIP64, so an archive stays under 4 GiB and 65,535
/// entries (`fits`).
struct StoredZip {
    struct Entry {
        let name: String
        let size: Int
    }

    private var directory: [UInt8] = []
    private var entries = 0
    private var offset = 0

    /// What an archive of these entries weighs, byte for byte.
    static func size(of entries: [Entry]) -> Int {
        entries.reduce(endRecordSize) { $0 + 30 + 46 + 2 * $1.name.utf8.count + $1.size }
    }

    static func fits(_ entries: [Entry]) -> Bool {
        entries.count < Int(UInt16.max) && size(of: entries) < Int(UInt32.max)
    }

    /// The local header and the data of one entry.
    mutating func entry(named name: String, modified: Date, data: Data) -> [UInt8] {
        let crc = CRC32.checksum(data)
        let (time, date) = Self.dosTimeAndDate(modified)
        let nameBytes = Array(name.utf8)
        var header: [UInt8] = []
        header.append(le32: 0x0403_4b50)
        header.append(contentsOf: common(crc: crc, size: data.count, nameLength: nameBytes.count, time: time, date: date))
        header.append(le16: 0)  // extra field
        header.append(contentsOf: nameBytes)

        directory.append(le32: 0x0201_4b50)
        directory.append(le16: 20)  // made by: ZIP 2.0
        directory.append(contentsOf: common(crc: crc, size: data.count, nameLength: nameBytes.count, time: time, date: date))
        directory.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])  // extra, comment, disk, internal and external attributes
        directory.append(le32: UInt32(offset))
        directory.append(contentsOf: nameBytes)

        entries += 1
        offset += header.count + data.count
        return header + Array(data)
    }

    /// The central directory and its end record, after the last entry.
    func end() -> [UInt8] {
        var end = directory
        end.append(le32: 0x0605_4b50)
        end.append(contentsOf: [0, 0, 0, 0])  // this disk, the directory's disk
        end.append(le16: UInt16(entries))
        end.append(le16: UInt16(entries))
        end.append(le32: UInt32(directory.count))
        end.append(le32: UInt32(offset))
        end.append(le16: 0)  // comment
        return end
    }

    private static let endRecordSize = 22

    /// Version needed, flags (bit 11: the name is UTF-8), method 0 (stored), time, date, CRC and
    /// both sizes, the name's length: the fields both headers share, in their order.
    private func common(crc: UInt32, size: Int, nameLength: Int, time: UInt16, date: UInt16) -> [UInt8] {
        var fields: [UInt8] = []
        fields.append(le16: 10)
        fields.append(le16: 1 << 11)
        fields.append(le16: 0)
        fields.append(le16: time)
        fields.append(le16: date)
        fields.append(le32: crc)
        fields.append(le32: UInt32(size))
        fields.append(le32: UInt32(size))
        fields.append(le16: UInt16(nameLength))
        return fields
    }

    private static func dosTimeAndDate(_ date: Date) -> (UInt16, UInt16) {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let time = (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2
        let day = max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1)
        return (UInt16(time), UInt16(day))
    }
}

extension [UInt8] {
    fileprivate mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xff))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }
}

/// The CRC-32 of ZIP (and gzip, PNG): reflected polynomial 0xEDB88320.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { byte in
        (0..<8).reduce(UInt32(byte)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }

    static func checksum(_ data: Data) -> UInt32 {
        ~data.reduce(~UInt32(0)) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
    }
}
