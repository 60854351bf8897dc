/// PromptPay's inbound credit instruction (ISO 20022-style JSON).
struct PromptPayInboundFormat: SandboxInboundFormat {
    let corridor = "KH-TH"

    func instruction(_ order: InboundSender.Order) -> [String: Any] {
        var object: [String: Any] = [
            "instruction_id": order.reference, "purpose": order.payment_type ?? "P2P", "amount": order.amount, "currency": "THB",
            "credit_currency": order.credit_currency ?? "KHR",
            "debtor": ["name": order.payer.name, "account": order.payer.account],
            "creditor": ["name": order.beneficiary.name, "account": order.beneficiary.account],
        ]
        if let khqr = order.khqr { object["khqr"] = khqr }
        return object
    }
}
