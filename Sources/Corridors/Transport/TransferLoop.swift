import CCurl

/// The body of the transport's thread: adds submitted transfers to the multi handle,
/// drives them, and resumes each caller when its transfer completes. Easy handles are
/// kept in a small free list and reset for reuse.
struct TransferLoop {
    let multi: MultiHandle
    let queue: SubmissionQueue
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(multi: MultiHandle, queue: SubmissionQueue) {
        self.multi = multi
        self.queue = queue
    }

    mutating func run() {
        while true {
            let (incoming, stopping) = queue.take()
            if stopping {
                for transfer in incoming { transfer.continuation.resume(returning: .failure(TransportError.shutDown)) }
                for (easy, transfer) in running {
                    curl_multi_remove_handle(multi.pointer, easy)
                    transfer.releaseHeaders()
                    curl_easy_cleanup(easy)
                    transfer.continuation.resume(returning: .failure(TransportError.shutDown))
                }
                for easy in idleHandles { curl_easy_cleanup(easy) }
                curl_multi_cleanup(multi.pointer)
                return
            }
            for transfer in incoming { start(transfer) }
            var stillRunning: Int32 = 0
            curl_multi_perform(multi.pointer, &stillRunning)
            collectFinished()
            var ready: Int32 = 0
            curl_multi_poll(multi.pointer, nil, 0, 1000, &ready)
        }
    }

    private mutating func start(_ transfer: Transfer) {
        let easy = idleHandles.popLast() ?? curl_easy_init()!
        guard transfer.configure(easy) else {
            transfer.releaseHeaders()
            curl_easy_reset(easy)
            idleHandles.append(easy)
            transfer.continuation.resume(
                returning: .failure(TransportError(kind: .other, curlCode: -1, message: "libcurl refused an option for \(transfer.request.url)")))
            return
        }
        running[easy] = transfer
        curl_multi_add_handle(multi.pointer, easy)
    }

    private mutating func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi.pointer, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi.pointer, easy)
            guard let transfer = running.removeValue(forKey: easy) else { continue }
            let outcome = transfer.outcome(code: code)
            transfer.releaseHeaders()
            curl_easy_reset(easy)
            if idleHandles.count < 64 { idleHandles.append(easy) } else { curl_easy_cleanup(easy) }
            transfer.continuation.resume(returning: outcome)
        }
    }
}
