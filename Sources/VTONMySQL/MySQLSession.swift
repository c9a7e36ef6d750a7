import CMariaDB
import Foundation

/// The rows a statement answered: column names, and each row's cells as the server's text
/// (NULL as nil; numbers and times converted to text by the client library).
public struct MySQLResult: Sendable {
    public let columns: MySQLColumns
    public let rows: [[[UInt8]?]]
    public let affectedRows: UInt64
    public let lastInsertID: UInt64
}

/// The column names of a result, with a lookup by name that is shared by all its rows.
public final class MySQLColumns: Sendable {
    public let names: [String]
    let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        // The first of two columns with one name wins, as `SELECT *, … AS total` expects.
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
    }

    static let empty = MySQLColumns([])
}

/// One connection to the server through the client library. Every call blocks, so it runs on
/// a thread of the driver's pool, and one call at a time (the connection pool hands a
/// connection to one user at a time). Statements are prepared once per connection and kept.
final class MySQLSession {
    private let handle: UnsafeMutablePointer<MYSQL>
    private var statements: [String: UnsafeMutablePointer<MYSQL_STMT>] = [:]
    private static let maxStatements = 256
    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    init(_ configuration: MySQLConfiguration) throws {
        guard Self.libraryReady, let handle = mysql_init(nil) else {
            throw MySQLError(code: 2008, sqlState: "HY000", message: "the MariaDB client library could not start")
        }
        self.handle = handle
        var timeout: UInt32 = 10
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        _ = "utf8mb4".withCString { mysql_options(handle, MYSQL_SET_CHARSET_NAME, $0) }
        if configuration.tls != .disable {
            var on: my_bool = 1
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            var verify: my_bool = configuration.tls == .verify ? 1 : 0
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify)
        }
        // CLIENT_FOUND_ROWS: an UPDATE counts the rows it matched, as PostgreSQL and SQLite do.
        let connected = mysql_real_connect(
            handle, configuration.host, configuration.username, configuration.password, configuration.database,
            UInt32(configuration.port), nil, UInt(CLIENT_FOUND_ROWS))
        guard connected != nil else {
            let error = MySQLError.of(handle)
            mysql_close(handle)
            throw error
        }
        // Text compares byte for byte and times are UTC, as on the other databases; a backslash
        // is an ordinary character in string literals (`ESCAPE '\'`), as in standard SQL.
        for setting in [
            "SET NAMES utf8mb4 COLLATE utf8mb4_bin", "SET time_zone = '+00:00'",
            "SET sql_mode = 'STRICT_ALL_TABLES,NO_BACKSLASH_ESCAPES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'",
            "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        ] {
            do { try simple(setting) } catch {
                mysql_close(handle)
                throw error
            }
        }
    }

    /// A statement without parameters or rows (transaction control, settings).
    func simple(_ sql: String) throws {
        guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw MySQLError.of(handle) }
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    func query(_ sql: String, _ binds: [MySQLValue]) throws -> MySQLResult {
        let statement = try prepared(sql)
        defer { mysql_stmt_free_result(statement) }
        guard Int(mysql_stmt_param_count(statement)) == binds.count else {
            throw MySQLError(
                code: 2034, sqlState: "HY000", message: "\(binds.count) values bound to \(mysql_stmt_param_count(statement)) parameters: \(sql)")
        }
        let parameters = MySQLBindings(binds)
        defer { parameters.release() }
        if !binds.isEmpty, mysql_stmt_bind_param(statement, parameters.binds) != 0 { throw MySQLError.of(statement: statement) }
        // The statement stays prepared after a failure (a duplicate key, a deadlock): the server
        // prepares it again itself after a schema change.
        guard mysql_stmt_execute(statement) == 0 else { throw MySQLError.of(statement: statement) }
        guard let metadata = mysql_stmt_result_metadata(statement) else {
            return MySQLResult(
                columns: .empty, rows: [], affectedRows: mysql_stmt_affected_rows(statement), lastInsertID: mysql_stmt_insert_id(statement))
        }
        defer { mysql_free_result(metadata) }
        return try fetch(statement, metadata)
    }

    private func fetch(_ statement: UnsafeMutablePointer<MYSQL_STMT>, _ metadata: UnsafeMutablePointer<MYSQL_RES>) throws -> MySQLResult {
        var update: my_bool = 1
        mysql_stmt_attr_set(statement, STMT_ATTR_UPDATE_MAX_LENGTH, &update)
        guard mysql_stmt_store_result(statement) == 0 else { throw MySQLError.of(statement: statement) }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let names = (0..<count).map { String(cString: fields[$0].name) }
        let cells = MySQLResultBuffers(count: count, sizes: (0..<count).map { max(Int(fields[$0].max_length), 64) })
        defer { cells.release() }
        guard mysql_stmt_bind_result(statement, cells.binds) == 0 else { throw MySQLError.of(statement: statement) }
        var rows: [[[UInt8]?]] = []
        rows.reserveCapacity(Int(mysql_stmt_num_rows(statement)))
        while true {
            let status = mysql_stmt_fetch(statement)
            if status == MYSQL_NO_DATA { break }
            guard status == 0 || status == MYSQL_DATA_TRUNCATED else { throw MySQLError.of(statement: statement) }
            rows.append(try (0..<count).map { try cells.cell($0, of: statement) })
        }
        return MySQLResult(columns: MySQLColumns(names), rows: rows, affectedRows: UInt64(rows.count), lastInsertID: 0)
    }

    private func prepared(_ sql: String) throws -> UnsafeMutablePointer<MYSQL_STMT> {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.maxStatements { forgetAll() }
        guard let statement = mysql_stmt_init(handle) else { throw MySQLError.of(handle) }
        guard mysql_stmt_prepare(statement, sql, UInt(sql.utf8.count)) == 0 else {
            let error = MySQLError.of(statement: statement)
            mysql_stmt_close(statement)
            throw error
        }
        statements[sql] = statement
        return statement
    }

    private func forgetAll() {
        for statement in statements.values { mysql_stmt_close(statement) }
        statements.removeAll()
    }

    /// Whether the server still answers (after an error that may have lost the connection).
    var isAlive: Bool { mysql_ping(handle) == 0 }

    func close() {
        forgetAll()
        mysql_close(handle)
    }
}

/// Parameter buffers, alive until the statement has run.
private final class MySQLBindings {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private var buffers: [UnsafeMutableRawPointer] = []

    init(_ values: [MySQLValue]) {
        binds = .allocate(capacity: max(values.count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(values.count, 1))
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .int(let number):
                let buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                buffer.storeBytes(of: number, as: Int64.self)
                keep(buffer, in: &binds[index], type: MYSQL_TYPE_LONGLONG, length: 8)
            case .double(let number):
                let buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                buffer.storeBytes(of: number, as: Double.self)
                keep(buffer, in: &binds[index], type: MYSQL_TYPE_DOUBLE, length: 8)
            case .text(let text):
                var text = text
                text.withUTF8 { keep(copy($0), in: &binds[index], type: MYSQL_TYPE_STRING, length: $0.count) }
            case .bytes(let bytes):
                bytes.withUnsafeBufferPointer { keep(copy($0), in: &binds[index], type: MYSQL_TYPE_BLOB, length: $0.count) }
            }
        }
    }

    private func copy(_ source: UnsafeBufferPointer<UInt8>) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(source.count, 1), alignment: 1)
        if let base = source.baseAddress { buffer.copyMemory(from: base, byteCount: source.count) }
        return buffer
    }

    private func keep(_ buffer: UnsafeMutableRawPointer, in bind: inout MYSQL_BIND, type: enum_field_types, length: Int) {
        buffers.append(buffer)
        bind.buffer_type = type
        bind.buffer = buffer
        bind.buffer_length = UInt(length)
    }

    func release() {
        for buffer in buffers { buffer.deallocate() }
        binds.deallocate()
    }
}

/// Result buffers, every column fetched as text or bytes; a cell longer than its buffer is
/// fetched again whole.
private final class MySQLResultBuffers {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private let buffers: [UnsafeMutableRawPointer]
    private let sizes: [Int]

    init(count: Int, sizes: [Int]) {
        let slots = max(count, 1)
        binds = .allocate(capacity: slots)
        binds.initialize(repeating: MYSQL_BIND(), count: slots)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        nulls = .allocate(capacity: slots)
        nulls.initialize(repeating: 0, count: slots)
        errors = .allocate(capacity: slots)
        errors.initialize(repeating: 0, count: slots)
        self.sizes = sizes
        buffers = sizes.map { UnsafeMutableRawPointer.allocate(byteCount: $0, alignment: 8) }
        for index in 0..<count {
            binds[index].buffer_type = MYSQL_TYPE_STRING
            binds[index].buffer = buffers[index]
            binds[index].buffer_length = UInt(sizes[index])
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = errors + index
        }
    }

    func cell(_ index: Int, of statement: UnsafeMutablePointer<MYSQL_STMT>) throws -> [UInt8]? {
        if nulls[index] != 0 { return nil }
        let length = Int(lengths[index])
        if length <= sizes[index] {
            return [UInt8](UnsafeRawBufferPointer(start: buffers[index], count: length))
        }
        var whole = [UInt8](repeating: 0, count: length)
        try whole.withUnsafeMutableBytes { bytes in
            var bind = MYSQL_BIND()
            var fetched: UInt = 0
            bind.buffer_type = MYSQL_TYPE_STRING
            bind.buffer = bytes.baseAddress
            bind.buffer_length = UInt(length)
            try withUnsafeMutablePointer(to: &fetched) { fetchedLength in
                bind.length = fetchedLength
                guard mysql_stmt_fetch_column(statement, &bind, UInt32(index), 0) == 0 else { throw MySQLError.of(statement: statement) }
            }
        }
        return whole
    }

    func release() {
        for buffer in buffers { buffer.deallocate() }
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
    }
}
