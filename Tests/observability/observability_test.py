#!/usr/bin/env python3
"""Issue 20's end-to-end checks, against the service on its embedded default started with
tracing on (MEKONG_TRACING_OTLP_ENDPOINT) and JSON logs (MEKONG_LOG_FORMAT=json):

- metrics: /metrics is scraped before and after a scripted run and parsed with the Python
  prometheus_client parser (independent of swift-prometheus); the counts must move by exactly
  what the run did;
- traces: an OTLP/HTTP receiver here (opentelemetry-proto decodes the protobuf) receives the
  spans of one payment, sent with a caller's traceparent; they must form one trace with the
  documented spans and parents, and the sandbox partner and the webhook receiver must have
  seen the trace's traceparent;
- logs: every JSON line of the gateway parses, and the request's lines carry its request id
  and its trace id;
- every series the dashboard and the alert rules use is documented in docs/OPERATIONS.md, and
  so is every mekong_ series exported;
- last, a breaker trip (the sandbox's PromptPay failing) moves the trip counter by one.
"""
import argparse
import gzip
import json
import os
import re
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest, ExportTraceServiceResponse
from prometheus_client.parser import text_string_to_metric_families

args = argparse.ArgumentParser()
args.add_argument("--base-url", required=True)
args.add_argument("--sandbox-url", required=True)
args.add_argument("--keys", required=True)
args.add_argument("--otlp-port", type=int, required=True)
args.add_argument("--log", required=True)
options = args.parse_args()
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def key(name):
    with open(os.path.join(options.keys, name)) as f:
        return f.read().strip()


def call(method, url, key=None, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if key:
        request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def api(method, path, key, body=None, headers=None):
    status, response_headers, raw = call(method, options.base_url + path, key, body, headers)
    return status, response_headers, (json.loads(raw) if raw else None)


# --- the OTLP/HTTP receiver -------------------------------------------------------------

spans = []
spans_lock = threading.Lock()


class Collector(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        request = ExportTraceServiceRequest()
        request.ParseFromString(raw)
        with spans_lock:
            for resource in request.resource_spans:
                service = {a.key: a.value.string_value for a in resource.resource.attributes}.get("service.name")
                for scope in resource.scope_spans:
                    for span in scope.spans:
                        spans.append({
                            "service": service, "name": span.name, "kind": span.kind,
                            "trace": span.trace_id.hex(), "span": span.span_id.hex(), "parent": span.parent_span_id.hex(),
                            "links": [(link.trace_id.hex(), link.span_id.hex()) for link in span.links],
                            "attributes": {a.key: a.value for a in span.attributes},
                        })
        body = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


collector = ThreadingHTTPServer(("127.0.0.1", options.otlp_port), Collector)
threading.Thread(target=collector.serve_forever, daemon=True).start()

# --- metrics ------------------------------------------------------------------------------

ops = key("ops-key")
app = key("app-key")


def scrape():
    status, _, raw = call("GET", options.base_url + "/metrics", ops)
    assert status == 200, status
    samples = {}
    for family in text_string_to_metric_families(raw.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def wait(what, predicate, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.25)
    raise SystemExit("timed out waiting for " + what)


def pay(corridor, amount, currency, beneficiary="1234567890", headers=None):
    status, _, quote = api("POST", "/v1/quotes", app, {"corridor": corridor, "payment_type": "P2P",
                                                        "source": {"amount": amount, "currency": currency}})
    assert status == 201, (status, quote)
    status, response_headers, payment = api("POST", "/v1/payments", app, {
        "quote_id": quote["id"], "payer": {"name": "Sok Dara", "account": "012345678901"},
        "beneficiary": {"name": "Somchai Jaidee", "account": beneficiary}},
        dict({"Idempotency-Key": secrets.token_hex(8)}, **(headers or {})))
    assert status == 201, (status, payment)
    return payment["id"], response_headers


def final_state(payment_id, admin=False):
    def done():
        # An inbound credit belongs to no app: ops read it through the admin API.
        _, _, payment = api("GET", ("/admin/payments/" if admin else "/v1/payments/") + payment_id, ops if admin else app)
        payment = payment.get("payment", payment)
        return payment["state"] if payment["state"] in ("CROSS_BORDER_SETTLED", "REJECTED", "TIMEOUT", "ERROR") else None
    return wait("payment " + payment_id, done)


# Webhook: the app's settled payments to the sandbox's receiver, whose first answer is a 500
# (one retry). The one payment that settles for the app is the traced one.
receiver = "obs-" + secrets.token_hex(4)
status, _, _ = call("PUT", f"{options.sandbox_url}/sandbox/receiver/{receiver}/plan", body={"responses": [{"status": 500}]})
check(status == 200, "the receiver's plan is set")
status, _, subscription = api("POST", "/v1/webhooks", app, {"url": f"{options.sandbox_url}/sandbox/receiver/{receiver}", "events": ["payment.settled"]})
check(status == 201, "a webhook subscription for payment.settled")

before = scrape()

# The traced payment: the caller sends its own traceparent and request id.
caller_trace = secrets.token_hex(16)
caller_span = secrets.token_hex(8)
request_id = "obs-" + secrets.token_hex(6)
traced, traced_headers = pay("KH-TH", "25.00", "USD", headers={"traceparent": f"00-{caller_trace}-{caller_span}-01", "X-Request-Id": request_id})
check(traced_headers.get("X-Request-Id") == request_id, "the request id is echoed")
check(final_state(traced) == "CROSS_BORDER_SETTLED", "the traced KH-TH payment settles")
# An inbound credit from the PromptPay side, sent with the partner's own traceparent.
partner_trace = secrets.token_hex(16)
partner_span = secrets.token_hex(8)
status, _, raw = call("POST", options.sandbox_url + "/sandbox/inbound/KH-TH", body={
    "reference": "PPI-" + secrets.token_hex(6), "amount": "1000.00", "credit_currency": "KHR", "payment_type": "P2P",
    "payer": {"name": "Somchai Jaidee", "account": "9876543210"}, "beneficiary": {"name": "Sok Dara", "account": "012345678"},
    "traceparent": f"00-{partner_trace}-{partner_span}-01"})
inbound = json.loads(raw).get("mekong_payment_id")
check(status < 300 and inbound is not None, "an inbound KH-TH credit is accepted")
check(final_state(inbound, admin=True) == "CROSS_BORDER_SETTLED", "the inbound credit settles")
rejected, _ = pay("KH-TH", "12.00", "USD", beneficiary="0000002001")
check(final_state(rejected) == "REJECTED", "a KH-TH payment to the insufficient-funds account is rejected")
status, _, refund = api("POST", f"/v1/payments/{traced}/refunds", app, {"reason": "observability test"}, {"Idempotency-Key": secrets.token_hex(8)})
check(status == 201, "a refund of the settled payment is accepted")
status, _, refused = api("POST", "/v1/quotes", app, {"corridor": "KH-LA", "payment_type": "P2P", "source": {"amount": "10.00", "currency": "USD"}})
check(status == 503 and refused["error"]["code"] == 5001, "a quote for planned KH-LA is refused with 5001")


def delivered():
    _, _, raw = call("GET", f"{options.sandbox_url}/sandbox/receiver/{receiver}")
    received = json.loads(raw)["received"]
    return received if len(received) >= 2 else None


received = wait("the webhook retry and the deliveries", delivered, 90)
after = wait("the counters", lambda: (lambda s: s if value(s, "mekong_webhook_attempts_total", result="delivered")
                                      - value(before, "mekong_webhook_attempts_total", result="delivered") >= 1 else None)(scrape()), 30)


def moved(name, **labels):
    return value(after, name, **labels) - value(before, name, **labels)


check(moved("mekong_payments_accepted_total", corridor="KH-TH", payment_type="P2P", direction="outbound") == 2, "KH-TH accepted +2")
check(moved("mekong_payments_accepted_total", corridor="KH-TH", payment_type="P2P", direction="inbound") == 1, "KH-TH inbound accepted +1")
check(moved("mekong_payment_transitions_total", corridor="KH-TH", **{"from": "CORRIDOR_PROCESSING", "to": "CROSS_BORDER_SETTLED"}) == 2,
      "KH-TH settled +2 (one outbound, one inbound)")
check(moved("mekong_payment_transitions_total", corridor="KH-TH", **{"from": "CORRIDOR_PROCESSING", "to": "REJECTED"}) == 1, "KH-TH rejected +1")
check(moved("mekong_partner_call_duration_seconds_count", corridor="BAKONG", operation="send", outcome="settled") == 1, "one Bakong credit")
check(moved("mekong_payment_time_to_final_seconds_count", corridor="KH-TH", state="REJECTED") == 1, "time to final: one KH-TH rejection")
check(moved("mekong_partner_call_duration_seconds_count", corridor="KH-TH", operation="send", outcome="settled") == 1, "one KH-TH send settled")
check(moved("mekong_partner_call_duration_seconds_count", corridor="KH-TH", operation="send", outcome="rejected") == 1, "one KH-TH send rejected")
check(moved("mekong_api_errors_total", code="5001") == 1, "one 5001 refusal")
check(moved("mekong_webhook_attempts_total", result="retry") == 1, "one webhook retry")
check(moved("mekong_webhook_attempts_total", result="delivered") == 1, "the webhook delivered on its second attempt")
check(moved("mekong_webhook_delivery_latency_seconds_count") == 1, "one delivery latency, from the event's creation")
check(moved("mekong_database_connection_wait_seconds_count") > 0, "connection waits are timed")
check(value(after, "mekong_database_pool_max_connections") > 0 and ("mekong_database_connections_in_use", ()) in after,
      "the pool's size and connections in use are exported")
check(moved("hb_requests_total", **{"http_route": "/v1/payments/{id}/refunds", "http_request_method": "POST", "http_response_status_code": "201"}) == 1
      or moved("hb_requests", **{"http_route": "/v1/payments/{id}/refunds", "http_request_method": "POST", "http_response_status_code": "201"}) == 1,
      "one refund request by route template")

# --- traces -------------------------------------------------------------------------------

names = ["/v1/payments", "authenticate", "payment.validate_and_price", "payment.store", "payment.hand_off", "partner.send",
         "payment.settle", "webhook.deliver"]


def trace_complete():
    with spans_lock:
        mine = [s for s in spans if s["trace"] == caller_trace]
        return mine if all(any(s["name"] == n for s in mine) for n in names) else None


try:
    mine = wait("the traced payment's spans", trace_complete, 30)
except SystemExit:
    with spans_lock:
        mine = [s for s in spans if s["trace"] == caller_trace]
    check(False, "every span of the payment arrived; got " + ", ".join(sorted(s["name"] for s in mine)))
    mine = []
if mine:
    by_name = {}
    for span in mine:
        by_name.setdefault(span["name"], span)
    server = by_name["/v1/payments"]
    check(server["parent"] == caller_span and server["kind"] == 2, "the request's server span continues the caller's traceparent")
    for name in ["authenticate", "payment.validate_and_price", "payment.store", "payment.hand_off"]:
        check(by_name[name]["parent"] == server["span"], f"{name} is a child of the request span")
    hand_off = by_name["payment.hand_off"]
    send = by_name["partner.send"]
    check(send["parent"] == hand_off["span"] and send["kind"] == 3, "partner.send is a client span under the hand-off")
    check(send["attributes"]["mekong.corridor"].string_value == "KH-TH" and send["attributes"]["mekong.partner.status"].string_value == "settled",
          "partner.send carries the corridor and the partner's status")
    check(by_name["payment.settle"]["parent"] == hand_off["span"], "payment.settle is under the hand-off")
    deliveries = [s for s in mine if s["name"] == "webhook.deliver"]
    check(all(s["parent"] == server["span"] and s["kind"] == 3 for s in deliveries), "webhook deliveries are client spans in the payment's trace")
    with spans_lock:
        fan_outs = [s for s in spans if s["name"] == "outbox.fan_out" and any(t == caller_trace for t, _ in s["links"])]
    check(len(fan_outs) >= 1, "an outbox.fan_out span links to the payment's trace")
    _, _, raw = call("GET", f"{options.sandbox_url}/sandbox/traceparents")
    seen = [s for s in json.loads(raw)["seen"] if s["traceparent"].split("-")[1] == caller_trace]
    check(any(s["traceparent"].split("-")[2] == send["span"] for s in seen), "the sandbox partner saw the partner call's traceparent")
    with spans_lock:
        partner = [s for s in spans if s["trace"] == partner_trace]
    inbound_server = [s for s in partner if s["kind"] == 2 and s["parent"] == partner_span]
    check(len(inbound_server) == 1, "the inbound credit's request span continues the partner's trace")
    check(any(s["name"] == "partner.send" and s["attributes"]["mekong.corridor"].string_value == "BAKONG" for s in partner),
          "the Bakong credit of the inbound payment is in the partner's trace")
    headers = [{k.lower(): v for k, v in r["headers"].items()} for r in received]
    check(any(h.get("traceparent", "").split("-")[1:3] == [caller_trace, d["span"]] for h in headers for d in deliveries),
          "the webhook receiver saw the delivery's traceparent")

# --- logs ---------------------------------------------------------------------------------

lines = []
with open(options.log) as log:
    for line in log:
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                check(False, "a log line parses as JSON: " + line[:200])
check(len(lines) > 0, "the gateway writes JSON lines")
request_lines = [l for l in lines if l.get("request_id") == request_id]
check(len(request_lines) >= 1, "the payment request's lines carry its request id")
check(all(l.get("trace_id") == caller_trace for l in request_lines), "and its trace id")
check(any(l.get("message") == "request" and l.get("path") == "/v1/payments" for l in request_lines), "its access-log line among them")
dumped = json.dumps(lines)
check("012345678901" not in dumped and "1234567890\"" not in dumped, "no full account number in the logs")

# --- every series used is documented, and every series exported is -------------------------

documented = set(re.findall(r"`((?:mekong|hb|http_server|process)_[a-z_]+)`", open("docs/OPERATIONS.md").read()))
used = set()
for expr in re.findall(r'"expr": "((?:[^"\\]|\\.)*)"', open("docs/grafana/mekong.json").read()) + [open("docs/prometheus/alerts.yml").read()]:
    used |= set(re.findall(r"\b((?:mekong|hb|http_server|process)_[a-z_]+)", expr))
base = lambda name: re.sub(r"_(bucket|count|sum)$", "", name) if re.sub(r"_(bucket|count|sum)$", "", name) in documented else name
undocumented = sorted({base(n) for n in used} - documented)
check(not undocumented, "every series the dashboard and the alert rules use is in docs/OPERATIONS.md " + str(undocumented))
exported = {base(name) for (name, _) in after if name.startswith("mekong_")}
check(not sorted(exported - documented), "every mekong_ series exported is in docs/OPERATIONS.md " + str(sorted(exported - documented)))

# --- a breaker trip, last (it leaves KH-TH suspended) ------------------------------------------

before_trip = scrape()
status, _, _ = call("POST", options.sandbox_url + "/sandbox/faults/promptpay", body={"mode": "unavailable"})
check(status == 200, "the sandbox's PromptPay answers 503 from now on")
for _ in range(3):
    pay("KH-TH", "10.00", "USD")
tripped = wait("the KH-TH breaker to trip", lambda: (lambda s: s if value(s, "mekong_corridor_breaker_state", corridor="KH-TH") == 2 else None)(scrape()), 60)
check(value(tripped, "mekong_corridor_breaker_trips_total", corridor="KH-TH") - value(before_trip, "mekong_corridor_breaker_trips_total", corridor="KH-TH") == 1,
      "the breaker tripped once")
failed = value(tripped, "mekong_partner_calls_total", corridor="KH-TH", result="failed") - value(before_trip, "mekong_partner_calls_total", corridor="KH-TH", result="failed")
check(failed >= 5, f"it took at least breaker.failure_threshold (5) failed calls: {failed}")
check(value(tripped, "mekong_corridor_state", corridor="KH-TH", state="suspended") == 1, "KH-TH shows as suspended")
call("POST", options.sandbox_url + "/sandbox/faults/promptpay", body={"mode": "none"})

collector.shutdown()
print(f"{len(failures)} failed" if failures else "observability: every check passed")
sys.exit(1 if failures else 0)
