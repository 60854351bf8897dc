/// Splits a migration file into single statements, because PostgreSQL's extended query
/// protocol takes one statement at a time. Semicolons inside quotes, `$$` bodies and
/// `--` comments do not split.
public enum SQLScript {
    public static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inSingleQuote = false
        var inDollarQuote = false
        var inComment = false
        var previous: Character = "\0"
        for character in script {
            if inComment {
                if character == "\n" {
                    inComment = false
                    current.append(character)
                }
                previous = character
                continue
            }
            if !inSingleQuote, !inDollarQuote, character == "-", previous == "-" {
                current.removeLast()
                inComment = true
                previous = "\0"
                continue
            }
            if !inDollarQuote, character == "'" { inSingleQuote.toggle() }
            if !inSingleQuote, character == "$", previous == "$" {
                inDollarQuote.toggle()
                previous = "\0"
                current.append(character)
                continue
            }
            if character == ";", !inSingleQuote, !inDollarQuote {
                let trimmed = current.trimmingWhitespace()
                if !trimmed.isEmpty { statements.append(trimmed) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let trimmed = current.trimmingWhitespace()
        if !trimmed.isEmpty { statements.append(trimmed) }
        return statements
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
