import MekongCore

/// Who is calling: the API key's id, its client and its role.
public struct Caller: Sendable, Equatable {
    public let keyID: String
    /// Where the key's objects live: the client's id for a live key (`mk_live_`), its test
    /// partition for a test key (`mk_test_`); see `ClientPartition`.
    public let clientID: String
    /// The client itself, whatever the key's mode: its merchant profile and its keys.
    public var accountID: String { ClientPartition.client(of: clientID) }
    public var livemode: Bool { ClientPartition.isLive(clientID) }
    public let role: Role
    public let permissions: Set<String>
}
