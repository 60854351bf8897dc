"""The staff console in a real browser: headless Chromium driven by Selenium.

Each test signs in with a key that scripts/run keeps in var/, works the pages as a person
would (typing, clicking), checks what the page then says and what the API then answers,
and saves a screenshot. Exits non-zero if any test fails.
"""
import argparse
import datetime
import json
import os
import sys
import time
import traceback
import urllib.request
import uuid

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.common.exceptions import WebDriverException

args = argparse.ArgumentParser()
args.add_argument("--base-url", required=True)
args.add_argument("--keys", required=True, help="folder holding ops-key, treasury-key, treasury2-key, app-key")
args.add_argument("--out", required=True, help="folder for screenshots")
options = args.parse_args()
BASE = options.base_url.rstrip("/")


def key(name):
    with open(os.path.join(options.keys, name)) as f:
        return f.read().strip()


def api(method, path, key_name, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + key(key_name))
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def browser():
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100"):
        chrome.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
    driver.implicitly_wait(5)
    return driver


def wait_for(what, condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for " + what
        time.sleep(0.05)


def submit(driver, button):
    """Clicks a form's button and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()

    def replaced(_):
        # Chromium reports a replaced page's node either as stale or as "Node with given id
        # does not belong to the document" (a plain WebDriverException): both mean it is gone.
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 15).until(replaced)


def sign_in(driver, key_name, role):
    driver.delete_all_cookies()
    driver.get(BASE + "/console/login")
    driver.find_element(By.ID, "key").send_keys(key(key_name))
    submit(driver, driver.find_element(By.ID, "sign-in"))
    wait_for("the corridor board", lambda: driver.current_url.endswith("/console/corridors"))
    who = driver.find_element(By.ID, "who").text
    assert who.endswith("· " + role), who


def notice(driver):
    return driver.find_element(By.ID, "notice").text


def shot(driver, name):
    path = os.path.join(options.out, name + ".png")
    driver.save_screenshot(path)
    print("  screenshot", path)


def test_sign_in_and_close_a_corridor(driver):
    sign_in(driver, "ops-key", "ops")
    card = driver.find_element(By.ID, "corridor-KH-TH")
    card.find_element(By.TAG_NAME, "summary").click()
    form = driver.find_element(By.ID, "disable-KH-TH")
    form.find_element(By.NAME, "reason").send_keys("PromptPay incident drill")
    submit(driver, form.find_element(By.TAG_NAME, "button"))
    assert notice(driver) == "KH-TH is closed to new payments.", notice(driver)
    assert driver.find_element(By.ID, "state-KH-TH").text == "closed_by_ops"
    assert "PromptPay incident drill" in driver.find_element(By.ID, "corridor-KH-TH").text
    status, quote = api("POST", "/v1/quotes", "app-key",
                        {"corridor": "KH-TH", "payment_type": "P2P", "source": {"amount": "10.00", "currency": "USD"}})
    assert quote.get("error", {}).get("code") == 5001, (status, quote)
    shot(driver, "01-corridor-closed")
    driver.find_element(By.ID, "corridor-KH-TH").find_element(By.TAG_NAME, "summary").click()
    submit(driver, driver.find_element(By.ID, "enable-KH-TH").find_element(By.TAG_NAME, "button"))
    assert driver.find_element(By.ID, "state-KH-TH").text == "open", "reopened for the next test"


def test_upload_and_approve_a_snapshot(driver):
    sign_in(driver, "treasury-key", "treasury")
    submit(driver, driver.find_element(By.LINK_TEXT, "Rates"))
    effective = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    csv = "\n".join(["provider,effective_at,pair,rate",
                     f"NBC,{effective},USD/THB,34.31",
                     f"NBC,{effective},KHR/THB,0.0085300",
                     f"NBC,{effective},THB/USD,0.0291460",
                     f"NBC,{effective},THB/KHR,117.2300"])
    upload = driver.find_element(By.ID, "upload")
    Select(upload.find_element(By.NAME, "format")).select_by_value("csv")
    upload.find_element(By.NAME, "snapshot").send_keys(csv)
    submit(driver, upload.find_element(By.TAG_NAME, "button"))
    text = notice(driver)
    assert "uploaded" in text, text
    snapshot = text.split(" uploaded")[0]
    pending = driver.find_element(By.ID, "pending-" + snapshot)
    assert "USD/THB" in pending.text and "34.31" in pending.text, pending.text
    shot(driver, "02-snapshot-pending")
    submit(driver, pending.find_element(By.ID, "approve-" + snapshot).find_element(By.TAG_NAME, "button"))
    assert "notice-error" in driver.find_element(By.ID, "notice").get_attribute("class"), "the uploader may not approve"

    sign_in(driver, "treasury2-key", "treasury")
    submit(driver, driver.find_element(By.LINK_TEXT, "Rates"))
    approve = driver.find_element(By.ID, "approve-" + snapshot)
    approve.find_element(By.NAME, "note").send_keys("checked against the NBC publication")
    submit(driver, approve.find_element(By.TAG_NAME, "button"))
    assert notice(driver) == snapshot + " approved.", notice(driver)
    status, record = api("GET", "/admin/rates/" + snapshot, "treasury2-key")
    assert record.get("status") == "approved" and record.get("decided_by") != record.get("uploaded_by"), record
    shot(driver, "03-snapshot-approved")


def test_find_a_payment(driver):
    status, quote = api("POST", "/v1/quotes", "app-key",
                        {"corridor": "KH-TH", "payment_type": "P2P", "source": {"amount": "42.00", "currency": "USD"}})
    assert status == 201, (status, quote)
    status, payment = api("POST", "/v1/payments", "app-key",
                          {"quote_id": quote["id"], "payer": {"name": "Sok Dara", "account": "012345678901"},
                           "beneficiary": {"name": "Somchai Jaidee", "account": "1234567890"}},
                          {"Idempotency-Key": "browser-" + uuid.uuid4().hex})
    assert status in (200, 201, 202), (status, payment)
    reference = payment["id"]
    for _ in range(100):
        if api("GET", "/v1/payments/" + reference, "app-key")[1].get("final"):
            break
        time.sleep(0.1)

    sign_in(driver, "ops-key", "ops")
    submit(driver, driver.find_element(By.LINK_TEXT, "Payments"))
    search = driver.find_element(By.ID, "search")
    search.find_element(By.NAME, "reference").send_keys(reference)
    submit(driver, search.find_element(By.TAG_NAME, "button"))
    assert "1 payment." in driver.find_element(By.ID, "result-count").text
    submit(driver, driver.find_element(By.LINK_TEXT, reference))
    assert driver.find_element(By.ID, "payment-id").text == reference
    assert driver.find_element(By.ID, "payment-state").text == "CROSS_BORDER_SETTLED"
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "******7890" in page and "1234567890" not in page and "012345678901" not in page, "accounts are masked"
    assert "POST /v1/transfers" in page, "the partner exchange is shown"
    shot(driver, "04-payment-found")


def test_top_up_releases_held_payments(driver):
    def position():
        status, positions = api("GET", "/admin/liquidity/positions", "treasury-key")
        assert status == 200, positions
        return next(p for p in positions["data"] if p["corridor"] == "KH-TH")

    # Treasury empties KH-TH's account (maker and checker through the API), so a payment waits.
    available = position()["available"]["amount"]
    status, drain = api("POST", "/admin/liquidity/adjustments", "treasury-key",
                        {"corridor": "KH-TH", "amount": {"amount": "-" + available, "currency": "THB"},
                         "note": "browser test: an empty account"})
    assert status == 201, drain
    status, decided = api("POST", "/admin/liquidity/requests/" + drain["id"] + "/approve", "treasury2-key", {})
    assert status == 200, decided
    status, quote = api("POST", "/v1/quotes", "app-key",
                        {"corridor": "KH-TH", "payment_type": "P2P", "source": {"amount": "25.00", "currency": "USD"}})
    assert status == 201, (status, quote)
    status, payment = api("POST", "/v1/payments", "app-key",
                          {"quote_id": quote["id"], "payer": {"name": "Sok Dara", "account": "012345670001"},
                           "beneficiary": {"name": "Somchai Jaidee", "account": "1234567890"}},
                          {"Idempotency-Key": "browser-" + uuid.uuid4().hex})
    assert status in (200, 201, 202), (status, payment)
    reference = payment["id"]
    wait_for("the payment to wait for funds",
             lambda: (api("GET", "/v1/payments/" + reference, "app-key")[1].get("hold") or {}).get("code") == 5002, 30)

    # One treasury user asks for the top-up on the Liquidity page...
    sign_in(driver, "treasury-key", "treasury")
    submit(driver, driver.find_element(By.LINK_TEXT, "Liquidity"))
    row = driver.find_element(By.ID, "position-KH-TH")
    assert "short" in row.find_element(By.CLASS_NAME, "queued").text, row.text
    assert row.find_element(By.CLASS_NAME, "available").text == "0.00", row.text
    form = driver.find_element(By.ID, "topup-KH-TH")
    form.find_element(By.NAME, "amount").send_keys(available)
    form.find_element(By.NAME, "note").send_keys("SCB transfer 2026-12-04/001")
    submit(driver, form.find_element(By.TAG_NAME, "button"))
    text = notice(driver)
    assert "requested" in text, text
    request_id = text.split(" requested")[0]
    shot(driver, "05-topup-requested")
    submit(driver, driver.find_element(By.ID, "approve-" + request_id).find_element(By.TAG_NAME, "button"))
    assert "notice-error" in driver.find_element(By.ID, "notice").get_attribute("class"), "the maker may not approve"

    # ...and a second approves it: the payment that waited goes.
    sign_in(driver, "treasury2-key", "treasury")
    submit(driver, driver.find_element(By.LINK_TEXT, "Liquidity"))
    approve = driver.find_element(By.ID, "approve-" + request_id)
    approve.find_element(By.NAME, "note").send_keys("seen on the SCB statement")
    submit(driver, approve.find_element(By.TAG_NAME, "button"))
    assert notice(driver) == request_id + " approved.", notice(driver)
    wait_for("the payment to settle",
             lambda: api("GET", "/v1/payments/" + reference, "app-key")[1].get("state") == "CROSS_BORDER_SETTLED", 30)
    after = position()
    assert after["queued"] == 0 and after["level"] == "ok", after
    driver.get(BASE + "/console/liquidity?corridor=KH-TH&kind=topup")
    assert request_id in driver.find_element(By.ID, "movements").text, "the top-up is in the movements"
    shot(driver, "06-topup-approved")


def main():
    failures = 0
    tests = [test_sign_in_and_close_a_corridor, test_upload_and_approve_a_snapshot, test_find_a_payment,
             test_top_up_releases_held_payments]
    driver = browser()
    try:
        for test in tests:
            started = time.monotonic()
            try:
                test(driver)
                print(f"✔ {test.__name__} ({time.monotonic() - started:.1f} s)")
            except Exception:
                failures += 1
                print(f"✘ {test.__name__}")
                traceback.print_exc()
                shot(driver, "failed-" + test.__name__)
    finally:
        driver.quit()
    print(f"browser tests: {len(tests) - failures} of {len(tests)} passed")
    sys.exit(1 if failures else 0)


main()
