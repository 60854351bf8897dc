/// A count with its noun in the right number: "1 payment", "2 payments", "0 payments".
/// English nouns Mekong counts take a plain "s" ("attempt", "payment", "exception").
public enum Plural {
    public static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
