/// Alipay's cross-border remittance instruction, and its booking of each remittance the
/// gateway accepted (for its settlement file).
struct AlipayInboundFormat: SandboxInboundFormat {
    let corridor = "KH-CN"

    func instruction(_ order: InboundSender.Order) -> [String: Any] {
        var object: [String: Any] = [
            "out_trade_no": order.reference, "biz_type": order.payment_type ?? "P2P", "trans_amount": order.amount,
            "trans_currency": "CNY", "settle_currency": order.credit_currency ?? "USD",
            "payer_info": ["name": order.payer.name, "alipay_user_id": order.payer.account],
            "payee_info": ["name": order.beneficiary.name, "bakong_account_id": order.beneficiary.account],
        ]
        if let khqr = order.khqr { object["qr_code"] = khqr }
        return object
    }

    func booking(answer: [String: Any], instruction: [String: Any]) -> SandboxInboundBooking? {
        guard let reference = answer["out_trade_no"] as? String, let amount = answer["settle_amount"] as? String,
            let currency = answer["settle_currency"] as? String, answer["code"] as? String == "10000"
        else { return nil }
        let payee = instruction["payee_info"] as? [String: Any]
        return SandboxInboundBooking(reference: reference, amount: amount, currency: currency, account: payee?["bakong_account_id"] as? String ?? "")
    }
}
