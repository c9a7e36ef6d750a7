/// Why a reference URL could not be fetched; each maps to one clear client error.
enum RemoteFetchError: Error, Equatable, CustomStringConvertible {
    case unsupportedURL(String)
    case unresolvable(host: String)
    case forbiddenAddress(host: String, address: String, reason: String)
    case tooManyRedirects(limit: Int)
    case httpStatus(Int)
    case tooLarge(limit: Int)
    case timeout(seconds: Double)
    case unreachable(String)

    var description: String {
        switch self {
        case .unsupportedURL(let why): why
        case .unresolvable(let host): "host \(host) could not be resolved"
        case .forbiddenAddress(let host, let address, let reason):
            "\(host) resolves to \(address), a \(reason) address; only public addresses are fetched"
        case .tooManyRedirects(let limit): "more than \(limit) redirects"
        case .httpStatus(let status): "the server answered HTTP \(status)"
        case .tooLarge(let limit): "the image is larger than \(limit) bytes"
        case .timeout(let seconds): "no complete answer within \(Int(seconds)) s"
        case .unreachable(let why): "the server could not be reached (\(why))"
        }
    }
}
