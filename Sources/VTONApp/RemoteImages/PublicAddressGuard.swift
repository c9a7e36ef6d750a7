/// The one rule for every request the server makes to a URL a user gave it (reference
/// fetches, webhooks): the host is resolved here and every address it resolves to must be
/// public; the caller then connects to the address that was checked, so a second DNS answer
/// cannot rebind it to an internal one.
struct PublicAddressGuard: Sendable {
    let resolver: any HostResolving
    /// Tests only: loopback addresses on these ports count as public, for a local fixture server.
    let allowedLoopbackPorts: Set<Int>

    /// The first of the host's addresses, once all of them are known to be allowed.
    /// `allowLoopback`: loopback addresses on any port pass too (the operator's choice for webhooks).
    func vet(_ target: RemoteImageFetcher.Target, allowLoopback: Bool = false) async throws(RemoteFetchError) -> IPAddress {
        let addresses: [IPAddress]
        do { addresses = try await resolver.addresses(of: target.host) } catch { throw .unresolvable(host: target.host) }
        guard let first = addresses.first else { throw .unresolvable(host: target.host) }
        for address in addresses {
            guard let reason = address.special else { continue }
            if address.isLoopback, allowLoopback || allowedLoopbackPorts.contains(target.port) { continue }
            throw .forbiddenAddress(host: target.host, address: address.description, reason: reason)
        }
        return first
    }
}
