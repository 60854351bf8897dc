/// Masks account numbers so that at most the last four characters are ever shown.
public enum AccountMask {
    /// `"0123456789"` → `"******6789"`; four characters or fewer become all stars.
    public static func mask(_ account: String) -> String {
        let characters = Array(account)
        guard characters.count > 4 else { return String(repeating: "*", count: characters.count) }
        return String(repeating: "*", count: characters.count - 4) + String(characters.suffix(4))
    }
}
