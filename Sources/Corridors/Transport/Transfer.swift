import CCurl
import Foundation

/// One request in flight: its easy handle, buffers, and the continuation to resume.
/// Owned by the transfer loop's thread from submission until completion.
final class Transfer: @unchecked Sendable {
    let request: OutboundRequest
    let continuation: CheckedContinuation<Result<OutboundResponse, TransportError>, Never>
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var resolveList: UnsafeMutablePointer<curl_slist>?
    var body: [UInt8] = []
    var responseHeaders: [(name: String, value: String)] = []
    let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()
    let startedAt = DispatchTime.now()

    init(request: OutboundRequest, continuation: CheckedContinuation<Result<OutboundResponse, TransportError>, Never>) {
        self.request = request
        self.continuation = continuation
    }

    deinit {
        errorBuffer.deallocate()
    }

    /// Configures `easy` for this transfer. Returns false if an option was refused.
    func configure(_ easy: UnsafeMutableRawPointer) -> Bool {
        self.easy = easy
        var ok = true
        func set(_ code: CURLcode) { if code != CURLE_OK { ok = false } }
        set(mekong_curl_easy_setopt_string(easy, CURLOPT_URL, request.url))
        set(mekong_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(mekong_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set(mekong_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        set(mekong_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds))
        set(mekong_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.totalTimeoutMilliseconds))
        set(mekong_curl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        set(mekong_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        switch request.method {
        case "GET": set(mekong_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case "POST": set(mekong_curl_easy_setopt_long(easy, CURLOPT_POST, 1))
        default: set(mekong_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method))
        }
        if let body = request.body {
            set(mekong_curl_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count))
            body.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    set(mekong_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base)))
                }
            }
            if body.isEmpty { set(mekong_curl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")) }
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }
        list = curl_slist_append(list, "Expect:")
        headerList = list
        set(mekong_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list))
        if let cert = request.clientCertificatePath { set(mekong_curl_easy_setopt_string(easy, CURLOPT_SSLCERT, cert)) }
        if let key = request.clientKeyPath { set(mekong_curl_easy_setopt_string(easy, CURLOPT_SSLKEY, key)) }
        if let ca = request.caPath { set(mekong_curl_easy_setopt_string(easy, CURLOPT_CAINFO, ca)) }
        // An IPv6 literal host is its own pin: libcurl connects to it without any look-up (and
        // its CURLOPT_RESOLVE syntax cannot name such a host). A name, or an IPv4 spelling,
        // is pinned to the address that was checked.
        if let pin = request.pinnedAddress, !pin.host.contains(":") {
            let address = pin.address.contains(":") ? "[\(pin.address)]" : pin.address
            resolveList = curl_slist_append(nil, "\(pin.host):\(pin.port):\(address)")
            set(mekong_curl_easy_setopt_slist(easy, CURLOPT_RESOLVE, resolveList))
        }

        let me = Unmanaged.passUnretained(self).toOpaque()
        set(
            mekong_curl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION) { pointer, size, count, userdata in
                let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
                let length = size * count
                pointer.map { transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: $0, count: length)) }
                return length
            })
        set(mekong_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        set(
            mekong_curl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION) { pointer, size, count, userdata in
                let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
                let length = size * count
                if let pointer {
                    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
                    if line.hasPrefix("HTTP/") { transfer.responseHeaders.removeAll() }
                    if let colon = line.firstIndex(of: ":") {
                        let name = line[..<colon].lowercased()
                        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                        transfer.responseHeaders.append((name, value))
                    }
                }
                return length
            })
        set(mekong_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        return ok
    }

    /// Builds the outcome once curl reports the transfer done.
    func outcome(code: CURLcode) -> Result<OutboundResponse, TransportError> {
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - startedAt.uptimeNanoseconds) / 1_000_000)
        guard code == CURLE_OK, let easy else {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(TransportError(kind: Self.kind(of: code), curlCode: Int(code.rawValue), message: message))
        }
        var status = 0
        _ = mekong_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(OutboundResponse(status: status, headers: responseHeaders, body: body, durationMilliseconds: elapsed))
    }

    static func kind(of code: CURLcode) -> TransportError.Kind {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: .connectionReset
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_PEER_FAILED_VERIFICATION,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            .tls
        default: .other
        }
    }

    func releaseHeaders() {
        if let headerList { curl_slist_free_all(headerList) }
        if let resolveList { curl_slist_free_all(resolveList) }
        headerList = nil
        resolveList = nil
    }
}
