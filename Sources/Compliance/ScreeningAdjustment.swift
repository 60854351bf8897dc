/// How a date of birth and a country move a name score, where both the subject and the entry
/// carry them (a side without one moves nothing):
/// - a date of birth the entry lists, to the precision it lists it (a year, a month or a day):
///   +0.05; none of the entry's: −0.10;
/// - a country the entry lists: +0.02; none of them: −0.05.
///
/// The score stays within 0 and 1.
enum ScreeningAdjustment {
    static func apply(to score: Double, subject: ScreeningSubject, entry: SanctionsEntry) -> (Double, [String]) {
        var adjusted = score
        var notes: [String] = []
        if let born = subject.dateOfBirth, !entry.datesOfBirth.isEmpty {
            if entry.datesOfBirth.contains(where: { born.hasPrefix($0) }) {
                adjusted += 0.05
                notes.append("date of birth agrees (+0.05)")
            } else {
                adjusted -= 0.10
                notes.append("date of birth differs (-0.10)")
            }
        }
        if let country = subject.country, !entry.countries.isEmpty {
            if entry.countries.contains(country) {
                adjusted += 0.02
                notes.append("country agrees (+0.02)")
            } else {
                adjusted -= 0.05
                notes.append("country differs (-0.05)")
            }
        }
        return (min(1, max(0, adjusted)), notes)
    }
}
