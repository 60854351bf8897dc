public import Corridors
import Logging
public import MekongCore

/// The corridors loaded at start-up, each with its adapter when the corridor is wired.
public struct CorridorCatalog: Sendable {
    public struct Entry: Sendable {
        public let spec: CorridorSpec
        public let adapter: (any CorridorAdapter)?
        /// The same adapter pointed at the spec's `test_endpoint`: test-mode payments go
        /// there and never to the live partner. Nil: the corridor takes no test payments.
        public let testAdapter: (any CorridorAdapter)?

        public init(spec: CorridorSpec, adapter: (any CorridorAdapter)?, testAdapter: (any CorridorAdapter)? = nil) {
            self.spec = spec
            self.adapter = adapter
            self.testAdapter = testAdapter
        }

        /// The adapter for payments of one mode.
        public func adapter(live: Bool) -> (any CorridorAdapter)? { live ? adapter : testAdapter }
    }

    public let entries: [Entry]
    /// Ops' switches and maintenance windows on the corridors.
    public let board: CorridorControlBoard
    /// This instance's circuit breakers on the partner links.
    public let breakers: CorridorBreakers

    /// - Parameter clientSecrets: corridor id → its OAuth2 client secret, resolved at start-up.
    public init(
        specs: [CorridorSpec], transport: HTTPTransport, logger: Logger, clientSecrets: [String: Secret] = [:],
        board: CorridorControlBoard = CorridorControlBoard(), breakers: CorridorBreakers
    ) {
        self.board = board
        self.breakers = breakers
        entries = specs.map { spec in
            Entry(
                spec: spec, adapter: CorridorAdapters.make(spec: spec, transport: transport, logger: logger, clientSecret: clientSecrets[spec.id]),
                testAdapter: spec.forTestTraffic.flatMap {
                    CorridorAdapters.make(spec: $0, transport: transport, logger: logger, clientSecret: clientSecrets[spec.id])
                })
        }
    }

    public init(entries: [Entry], board: CorridorControlBoard = CorridorControlBoard(), breakers: CorridorBreakers) {
        self.entries = entries
        self.board = board
        self.breakers = breakers
    }

    public func entry(_ id: String) -> Entry? { entries.first { $0.spec.id == id } }

    /// Why `entry` takes no payments at all, or nil if it may (hours and limits aside).
    public func unavailability(of entry: Entry) -> String? {
        let spec = entry.spec
        if spec.status == .planned {
            return spec.unavailableReason ?? "\(spec.id) \(spec.partnerSystem) is planned and carries no payments yet"
        }
        if entry.adapter == nil {
            return spec.unavailableReason ?? "\(spec.id) \(spec.partnerSystem) is not connected in this release"
        }
        return nil
    }
}
