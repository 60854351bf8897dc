/// Which way a corridor carries money, seen from Cambodia.
public enum CorridorDirection: String, Sendable, Codable {
    /// Cambodian payers to foreign payees, and foreign payers to Cambodian payees.
    case bothWays = "both_ways"
    /// Only foreign payers to Cambodian payees.
    case inboundOnly = "inbound_only"
    /// Only Cambodian payers to foreign payees.
    case outboundOnly = "outbound_only"

    public var carriesOutbound: Bool { self != .inboundOnly }
    public var carriesInbound: Bool { self != .outboundOnly }
}
