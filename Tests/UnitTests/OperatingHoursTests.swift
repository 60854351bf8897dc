import Foundation
import MekongCore
import Testing

@Suite("Operating hours and the Bakong maintenance window, with injected instants")
struct OperatingHoursTests {
    static let kualaLumpur = TimeZone(identifier: "Asia/Kuala_Lumpur")!
    static let daily = OperatingHours(
        timeZone: kualaLumpur,
        windows: [
            WeeklyWindow(days: Set(Weekday.allCases), opens: TimeOfDay(minutes: 8 * 60), closes: TimeOfDay(minutes: 20 * 60))
        ])

    /// An instant given as local wall-clock time in `zone`.
    static func at(_ text: String, _ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
        return calendar.date(
            from: DateComponents(
                year: parts[0], month: parts[1], day: parts[2],
                hour: parts[3], minute: parts[4], second: parts[5]))!
    }

    @Test(
        "08:00–20:00 is half-open at both ends",
        arguments: [
            ("2026-11-23T07:59:59", false), ("2026-11-23T08:00:00", true), ("2026-11-23T19:59:59", true),
            ("2026-11-23T20:00:00", false), ("2026-11-23T00:00:00", false), ("2026-11-23T12:00:00", true),
        ])
    func boundaries(local: String, open: Bool) {
        #expect(Self.daily.isOpen(at: Self.at(local, Self.kualaLumpur)) == open)
    }

    @Test("the next opening after closing time is 08:00 the next day, local time")
    func nextOpening() {
        let closed = Self.at("2026-11-23T20:00:00", Self.kualaLumpur)
        #expect(Self.daily.nextOpening(after: closed) == Self.at("2026-11-24T08:00:00", Self.kualaLumpur))
        let open = Self.at("2026-11-23T09:00:00", Self.kualaLumpur)
        #expect(Self.daily.nextOpening(after: open) == open)
        let weekdays = OperatingHours(
            timeZone: Self.kualaLumpur,
            windows: [
                WeeklyWindow(days: [.mon, .tue, .wed, .thu, .fri], opens: TimeOfDay(minutes: 480), closes: TimeOfDay(minutes: 1020))
            ])
        // Friday 2026-11-27 18:00 → Monday 2026-11-30 08:00
        #expect(weekdays.nextOpening(after: Self.at("2026-11-27T18:00:00", Self.kualaLumpur)) == Self.at("2026-11-30T08:00:00", Self.kualaLumpur))
    }

    @Test("hours are evaluated in the corridor's own zone, not UTC")
    func zone() {
        // 00:30 UTC is 08:30 in Kuala Lumpur.
        #expect(Self.daily.isOpen(at: Self.at("2026-11-23T00:30:00", TimeZone(identifier: "UTC")!)))
        #expect(!Self.daily.isOpen(at: Self.at("2026-11-23T23:30:00", TimeZone(identifier: "UTC")!)))
    }

    @Test("the first Sunday of every month of 2027, 02:00–06:00 Phnom Penh, is maintenance")
    func maintenanceForAYear() {
        let phnomPenh = TimeZone(identifier: "Asia/Phnom_Penh")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = phnomPenh
        var found = 0
        for month in 1...12 {
            let firstSunday = (1...7).first { day in
                calendar.component(.weekday, from: calendar.date(from: DateComponents(year: 2027, month: month, day: day))!) == 1
            }!
            let day = String(format: "2027-%02d-%02d", month, firstSunday)
            let m = MaintenanceCalendar.bakong
            #expect(m.windowEnd(containing: Self.at("\(day)T01:59:59", phnomPenh)) == nil)
            #expect(m.windowEnd(containing: Self.at("\(day)T02:00:00", phnomPenh)) == Self.at("\(day)T06:00:00", phnomPenh))
            #expect(m.windowEnd(containing: Self.at("\(day)T05:59:59", phnomPenh)) != nil)
            #expect(m.windowEnd(containing: Self.at("\(day)T06:00:00", phnomPenh)) == nil)
            // The second Sunday is not a maintenance day.
            let second = String(format: "2027-%02d-%02d", month, firstSunday + 7)
            #expect(m.windowEnd(containing: Self.at("\(second)T03:00:00", phnomPenh)) == nil)
            found += 1
        }
        #expect(found == 12)
    }

    @Test("midnight in Phnom Penh is 17:00 UTC the day before")
    func midnightPhnomPenh() {
        let midnight = Self.at("2026-12-06T00:00:00", TimeZone(identifier: "Asia/Phnom_Penh")!)
        #expect(RFC3339.string(from: midnight) == "2026-12-05T17:00:00Z")
        #expect(MaintenanceCalendar.bakong.windowEnd(containing: midnight) == nil)
    }
}
