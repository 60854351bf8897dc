-- The wrk script `mekong bench` drives the gateway with.
--   wrk … -s load.lua URL -- healthz
--   wrk … -s load.lua URL -- quotes KEY
--   wrk … -s load.lua URL -- payments KEY PREFIX THREADS
-- payments: each request has its own quote and Idempotency-Key. The quotes were made
-- beforehand (PREFIX1, PREFIX2, …); thread t of T takes numbers t, t+T, t+2T, … so no two
-- requests share one. MEKONG_BENCH_DELAY_MS > 0 in the environment paces each connection
-- (for a fixed offered rate); wrk only paces at all when delay() exists, so it is defined
-- only then.
-- done() prints one line, `RESULT {json}`, that `mekong bench` reads.
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_number", next_thread)
end

function init(args)
  mode, key = args[1], args[2]
  headers = { ["Authorization"] = "Bearer " .. (key or ""), ["Content-Type"] = "application/json" }
  if mode == "healthz" then
    fixed = wrk.format("GET", "/healthz")
  elseif mode == "quotes" then
    fixed = wrk.format("POST", "/v1/quotes", headers,
      '{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}')
  else
    prefix, threads = args[3], tonumber(args[4])
    sent = 0
  end
end

function request()
  if fixed then return fixed end
  local n = sent * threads + thread_number
  sent = sent + 1
  headers["Idempotency-Key"] = prefix .. n
  -- Each payment from a sender of its own (as many apps' customers are): each is counted
  -- against KH-TH's velocity limits and none reaches them.
  return wrk.format("POST", "/v1/payments", headers, '{"quote_id":"' .. prefix .. n .. '",'
    .. '"payer":{"name":"Sok Dara","account":"01' .. string.format("%010d", n) .. '"},'
    .. '"beneficiary":{"name":"Somchai Jaidee","account":"1234567890"}}')
end

local pause = tonumber(os.getenv("MEKONG_BENCH_DELAY_MS") or "0")
if pause > 0 then
  function delay() return pause end
end

function done(summary, latency, requests)
  io.write(string.format('RESULT {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
