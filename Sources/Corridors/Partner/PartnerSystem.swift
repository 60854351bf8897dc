/// Every partner system Mekong speaks to, by the name a corridor spec gives it
/// (`partner.system`): the one place a partner is registered. A spec naming a system not
/// listed here stops start-up (exit 78), and a case without its `Partner` does not compile.
public enum PartnerSystem: String, CaseIterable, Sendable {
    case promptPay = "PromptPay"
    case duitNow = "DuitNow"
    case alipay = "Alipay"
    case napas = "NAPAS"
    case lapNet = "LAPNet"

    /// The partner's home.
    public var partner: any Partner.Type {
        switch self {
        case .promptPay: PromptPay.self
        case .duitNow: DuitNow.self
        case .alipay: Alipay.self
        case .napas: NAPAS.self
        case .lapNet: LAPNet.self
        }
    }

    /// The systems, as a spec's error message lists them.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
