"""The seeds' client examples, as their users run them, against the service on its embedded default.

Seed 002 (the KHQR Gateway) ships a Python (Flask) and a Node.js (Express) integration and a
React checkout; seed 003 (BakongPay webhooks) ships an Express receiver. This file is our own
rewrite of what each does, request for request and field read for field read: the same
bodies (the Python example's form body sent as "application/json" included), the same
signature checks (HMAC of the re-serialised body for seed 002, of the raw body for seed 003),
a receiver per example, and a real browser on another origin running the React example's
calls (so CORS is what a browser enforces, preflight and all). The seeds' code is not copied.
Exits non-zero if any check fails.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid

args = argparse.ArgumentParser()
args.add_argument("--base-url", required=True)
args.add_argument("--sandbox-url", required=True)
args.add_argument("--origin-port", type=int, default=3000, help="where the React example's page is served (an allowed origin)")
args.add_argument("--no-browser", action="store_true")
options = args.parse_args()
BASE = options.base_url.rstrip("/")
SANDBOX = options.sandbox_url.rstrip("/")
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("  FAIL:", what, flush=True)


def exchange(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def api(method, path, key=None, payload=None):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = "Bearer " + key
    status, _, body = exchange(method, BASE + path, json.dumps(payload).encode() if payload is not None else None, headers)
    return status, json.loads(body or b"{}")


def js_stringify(value):
    """What JSON.stringify writes for a value Express parsed: no spaces, non-ASCII as is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Receivers:
    """One HTTP server, a receiver per seed example at its own path; each records what it did."""

    def __init__(self):
        self.secrets = {}
        self.seen = {"python": [], "node": [], "bakongpay": []}
        receivers = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                name = self.path.strip("/").split("/")[0]
                try:
                    status, answer = getattr(receivers, name)(self.headers, raw)
                except Exception as error:  # the example crashes: its framework answers 500
                    status, answer = 500, {"error": repr(error)}
                receivers.seen.setdefault(name, []).append({"status": status, "body": raw})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, name):
        return f"http://127.0.0.1:{self.port}/{name}/webhook"

    # Seed 002's Flask receiver: HMAC of json.dumps(request.json, separators=(',', ':')).
    def python(self, headers, raw):
        sig = headers.get("x-khqr-signature")
        payload = json.dumps(json.loads(raw), separators=(",", ":"))
        expected = hmac.new(self.secrets["python"].encode(), payload.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig or "", expected):
            return 400, {"error": "Invalid signature"}
        event = json.loads(raw)
        print("   python receiver:", event["type"], event["data"]["id"], flush=True)
        return 200, {"received": True}

    # Seed 002's Express receiver: HMAC of JSON.stringify(req.body), compared with !==.
    def node(self, headers, raw):
        sig = headers.get("x-khqr-signature")
        expected = hmac.new(self.secrets["node"].encode(), js_stringify(json.loads(raw)).encode(), hashlib.sha256).hexdigest()
        if sig != expected:
            return 400, {"error": "Invalid"}
        event = json.loads(raw)
        print("   node receiver:", event["type"], event["data"]["id"], flush=True)
        return 200, {"received": True}

    # Seed 003's Express receiver: HMAC of the raw body, timingSafeEqual, then {event, data, timestamp}.
    def bakongpay(self, headers, raw):
        sig = headers.get("x-bakongpay-signature") or ""
        expected = hmac.new(self.secrets["bakongpay"].encode(), raw, hashlib.sha256).hexdigest()
        if len(sig) != len(expected) or not hmac.compare_digest(sig, expected):
            return 401, {"error": "Invalid signature"}
        parsed = json.loads(raw.decode("utf-8"))
        event, data, timestamp = parsed["event"], parsed["data"], parsed["timestamp"]
        print("   bakongpay receiver:", event, data["transactionId"], timestamp, flush=True)
        return 200, {"received": True}

    def wait(self, name, predicate, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for item in self.seen[name]:
                if item["status"] == 200 and predicate(json.loads(item["body"])):
                    return json.loads(item["body"])
            time.sleep(0.2)
        return None


def python_checkout(key, amount, order_id):
    """Seed 002's Flask /checkout: requests.post(url, {dict}, headers=JSON) sends a form body."""
    form = urllib.parse.urlencode([("amount", str(amount)), ("currency", "USD"), ("description", "Order " + order_id),
                                   ("metadata", "order_id")])  # requests form-encodes a dict value as its keys
    status, _, body = exchange("POST", BASE + "/api/v1/charges", form.encode(),
                           {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    charge = json.loads(body)
    check(status == 200 or status == 201, f"python checkout answers 2xx ({status} {body[:200]!r})")
    return {"qr_image": charge["qr_image"], "deep_link": charge["deep_link"], "charge_id": charge["id"]}, charge


def node_checkout(key, amount, order_id):
    """Seed 002's Express /checkout: fetch with JSON.stringify({amount, currency, description, metadata})."""
    body = js_stringify({"amount": amount, "currency": "USD", "description": "Order " + order_id, "metadata": {"order_id": order_id}})
    status, _, answer = exchange("POST", BASE + "/api/v1/charges", body.encode(),
                             {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    charge = json.loads(answer)
    check(status in (200, 201), f"node checkout answers 2xx ({status})")
    return {"qr_image": charge["qr_image"], "deep_link": charge["deep_link"], "charge_id": charge["id"]}, charge


def pay(charge):
    status, _, body = exchange("POST", SANDBOX + "/sandbox/khqr/pay", json.dumps({"qr_code": charge["qr_code"]}).encode(),
                           {"Content-Type": "application/json"})
    check(status == 200, f"the sandbox wallet pays {charge['id']} ({status} {body[:200]!r})")


def test_seed_002(receivers, key):
    print("seed 002: register a webhook, test it, then the Python and Node examples take a payment each", flush=True)
    for name in ("python", "node"):
        status, hook = api("POST", "/api/v1/merchant/webhook", key, {"url": receivers.url(name)})
        check(status == 200 and hook.get("webhook_secret", "").startswith("whsec_"), f"{name}: webhook registered ({status} {hook})")
        check(hook.get("max_attempts") == 4 and "1 min, 5 min and 15 min" in hook.get("retry_schedule", ""),
              f"{name}: seed 002's retry policy, 3 retries at 1, 5 and 15 minutes ({hook.get('retry_schedule')})")
        receivers.secrets[name] = hook["webhook_secret"]
        status, tested = api("POST", "/api/v1/merchant/webhook/test", key)
        check(status == 200 and tested.get("success") is True and tested.get("status_code") == 200,
              f"{name}: the test event reaches the example's receiver, which reads data.id ({tested})")
        test_event = receivers.wait(name, lambda e: e.get("type") == "webhook.test", 10)
        check(test_event is not None and test_event["data"]["id"], f"{name}: test event has data.id")
        checkout = python_checkout if name == "python" else node_checkout
        answer, charge = checkout(key, 12.5 if name == "python" else 10, "ord-" + uuid.uuid4().hex[:8])
        check(answer["qr_image"].endswith(".png") and answer["deep_link"].startswith("https://"), f"{name}: checkout fields")
        status, current = api("GET", "/api/v1/charges/" + answer["charge_id"], key)
        check(status == 200 and current["status"] == "pending", f"{name}: /status reads the charge as pending")
        if name == "python":
            check(current.get("metadata") == "order_id", f"the form body's metadata is kept as the text it was ({current.get('metadata')!r})")
            check(current.get("amount") == 12.5, f"the form body's amount reads exactly ({current.get('amount')!r})")
        pay(charge)
        paid = receivers.wait(name, lambda e: e.get("type") == "charge.paid" and e["data"]["id"] == charge["id"])
        check(paid is not None, f"{name}: charge.paid for {charge['id']} verified and read by the example's receiver")
        if paid:
            check(paid["data"].get("merchant_name") == "Seed Shop", f"{name}: the merchant's name is in the event")
    bad = [item for name in ("python", "node") for item in receivers.seen[name] if item["status"] != 200]
    check(not bad, f"no delivery was refused or crashed a seed 002 receiver ({[b['status'] for b in bad]})")


def test_seed_003(receivers, key):
    print("seed 003: a BakongPay-format webhook with max_attempts, its test event and a payment's events", flush=True)
    status, hook = api("POST", "/api/v1/merchant/webhook", key, {"url": receivers.url("bakongpay"), "format": "bakongpay", "max_attempts": 6})
    check(status == 200 and hook.get("max_attempts") == 6 and "2^(n-1)" in hook.get("retry_schedule", ""),
          f"max_attempts 6 on seed 003's 2^(n-1) s table ({hook})")
    receivers.secrets["bakongpay"] = hook["webhook_secret"]
    status, tested = api("POST", "/api/v1/merchant/webhook/test", key)
    check(status == 200 and tested.get("success") is True, f"the test event is accepted by seed 003's receiver ({tested})")
    test_event = receivers.wait("bakongpay", lambda e: e.get("event") == "WEBHOOK_TEST", 10)
    check(test_event is not None and set(test_event) == {"event", "data", "timestamp"} and isinstance(test_event["timestamp"], int),
          f"the BakongPay test event is {{event, data, timestamp}} ({test_event})")
    check(test_event is not None and test_event["data"].get("merchantName") == "Seed Shop", "the test event names the merchant")
    _, charge = node_checkout(key, 7, "bp-" + uuid.uuid4().hex[:8])
    pending = receivers.wait("bakongpay", lambda e: e["event"] == "PAYMENT_PENDING" and e["data"]["transactionId"] == charge["id"])
    check(pending is not None, "PAYMENT_PENDING arrives for the new charge")
    pay(charge)
    success = receivers.wait("bakongpay", lambda e: e["event"] == "PAYMENT_SUCCESS" and e["data"]["transactionId"] == charge["id"])
    check(success is not None and success["data"]["merchantName"] == "Seed Shop" and success["data"]["amount"] == 7,
          f"PAYMENT_SUCCESS with the merchant's name and the amount ({success})")
    for value in (0, 11):
        status, refused = api("POST", "/api/v1/merchant/webhook", key, {"url": receivers.url("bakongpay"), "format": "bakongpay", "max_attempts": value})
        check(status == 400 and refused["error"]["code"] == 2000, f"max_attempts {value} is refused with 2000")


PAGE = """<!doctype html><html><body><pre id="result">running</pre><script>
// Seed 002's React checkout, without React: the same fetch calls from another origin.
const API_KEY = '%(key)s', BASE_URL = '%(base)s';
(async () => {
  try {
    const res = await fetch(BASE_URL + '/api/v1/charges', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ amount: 5, currency: 'USD', description: 'Order web-1', metadata: { order_id: 'web-1' } }),
    });
    const charge = await res.json();
    const poll = await fetch(BASE_URL + '/api/v1/charges/' + charge.id, { headers: { Authorization: 'Bearer ' + API_KEY } });
    const data = await poll.json();
    document.getElementById('result').textContent = JSON.stringify({ created: res.status, id: charge.id, status: data.status,
      requestId: poll.headers.get('X-Request-Id') });
  } catch (error) {
    document.getElementById('result').textContent = 'blocked: ' + error;
  }
})();
</script></body></html>"""


def test_browser(key):
    print("seed 002's React example in Chromium on http://localhost:%d" % options.origin_port, flush=True)
    origin = "http://localhost:%d" % options.origin_port
    status, headers, _ = exchange("OPTIONS", BASE + "/api/v1/charges", None, {
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"})
    lower = {k.lower(): v for k, v in headers.items()}
    check(status == 204 and lower.get("access-control-allow-origin") == origin, f"the preflight allows {origin} ({status} {lower})")
    check("authorization" in lower.get("access-control-allow-headers", "").lower(), "the preflight allows the Authorization header")
    status, headers, _ = exchange("OPTIONS", BASE + "/api/v1/charges", None, {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    check(status == 403 and "access-control-allow-origin" not in {k.lower() for k in headers}, f"another origin is refused ({status})")
    if options.no_browser:
        return
    page = (PAGE % {"key": key, "base": BASE}).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", options.origin_port), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        chrome.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
    try:
        driver.get(origin + "/checkout")
        text = "running"
        for _ in range(100):
            text = driver.find_element("id", "result").text
            if text != "running":
                break
            time.sleep(0.2)
        print("   page says:", text, flush=True)
        result = json.loads(text) if text.startswith("{") else {}
        check(result.get("created") == 200 and result.get("status") == "pending" and result.get("requestId", "").strip() != "",
              f"the browser let the page create and read a charge and see X-Request-Id ({text})")
    finally:
        driver.quit()
        server.shutdown()


def main():
    receivers = Receivers()
    status, merchant = api("POST", "/api/v1/merchant/register", None, {"email": f"seed-{uuid.uuid4().hex[:8]}@example.com", "name": "Seed Shop"})
    check(status == 200 and merchant.get("api_key", "").startswith("mk_live_"), f"merchant registered ({status})")
    key = merchant["api_key"]
    for test in (lambda: test_seed_002(receivers, key), lambda: test_seed_003(receivers, key), lambda: test_browser(key)):
        try:
            test()
        except Exception:
            FAILURES.append(traceback.format_exc())
            traceback.print_exc()
    if FAILURES:
        print(f"seed clients: {len(FAILURES)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("seed clients: every check passed")


main()
