import CMariaDB

/// An error the server or the client library reported, with MySQL's error number and SQLSTATE.
public struct MySQLError: Error, Sendable, CustomStringConvertible {
    public let code: UInt32
    public let sqlState: String
    public let message: String

    public var description: String { "MySQL error \(code) (\(sqlState)): \(message)" }

    /// Two rows with the same key (1062, 1586) or a foreign key refusing a row (1451, 1452).
    public var isConstraintFailure: Bool { [1062, 1586, 1451, 1452, 1216, 1217].contains(code) }
    public var isDuplicateKey: Bool { code == 1062 || code == 1586 }
    public var isSyntaxError: Bool { code == 1064 || code == 1149 }
    /// The connection is gone (server gone away, lost, or never made).
    public var isConnectionClosed: Bool { [2002, 2003, 2006, 2013, 2055].contains(code) }

    static func of(_ connection: UnsafeMutablePointer<MYSQL>) -> MySQLError {
        MySQLError(
            code: mysql_errno(connection), sqlState: String(cString: mysql_sqlstate(connection)), message: String(cString: mysql_error(connection)))
    }

    static func of(statement: UnsafeMutablePointer<MYSQL_STMT>) -> MySQLError {
        MySQLError(
            code: mysql_stmt_errno(statement), sqlState: String(cString: mysql_stmt_sqlstate(statement)),
            message: String(cString: mysql_stmt_error(statement)))
    }

    static let closed = MySQLError(code: 2006, sqlState: "HY000", message: "the connection is closed")
}
