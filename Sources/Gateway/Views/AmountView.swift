import MekongCore

/// `{"amount": "15.50", "currency": "USD"}`
struct AmountView: Encodable {
    let amount: String
    let currency: String

    init(_ money: Money) {
        amount = money.decimalString
        currency = money.currency.code
    }
}
