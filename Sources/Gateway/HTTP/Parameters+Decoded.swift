import Foundation
import Hummingbird
import HummingbirdCore
import MekongCore

extension Parameters {
    /// A path parameter, percent-decoded: `/admin/rates/NBC%402026-12-03T08%3A14%3A41Z` names the
    /// snapshot `NBC@2026-12-03T08:14:41Z`, as the raw spelling does. 400 when the encoding is
    /// broken.
    func requireDecoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(.invalidRequest, "path parameter '\(name)' is not valid percent-encoding")
        }
        return decoded
    }
}
