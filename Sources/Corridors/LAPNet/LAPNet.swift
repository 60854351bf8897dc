public import MekongCore

/// LAPNet (Bank of the Lao PDR), the partner of KH-LA. The NBC corridor table has KH-LA
/// planned, and `corridors/kh-la.yaml` says so: with that spec there is no adapter and KH-LA
/// answers 5001. A pilot spec (`corridors/pilots/kh-la.yaml`, loaded only when
/// `MEKONG_CORRIDOR_PILOTS` names KH-LA) runs it against the sandbox's LAPNet: snake_case
/// JSON, amounts in kip as decimal strings, a pipe-separated settlement file.
public enum LAPNet: Partner {
    public static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)? {
        guard spec.endpoint != nil else { return nil }
        return LAPNetAdapter(spec: spec, transport: context.transport, logger: context.logger)
    }

    public static let settlementFile: (any SettlementFileFormat)? = LAPNetSettlementFile()
}
