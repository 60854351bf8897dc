"""RELIABILITY 20: a model-based test of the payment state machine over the HTTP API.

Hypothesis drives random sequences of what apps and partners do: outbound payments to the
sandbox's accounts (settle, insufficient funds, invalid account, forever pending), the same
payment request again (a duplicate), a different body under a used key, inbound credits from
PromptPay's sandbox, the same credit again (a duplicated callback), another credit under a
used reference (out of order), status reads in any order. After each sequence the invariants
are checked against the gateway's history and the sandbox's ledger:
  - only legal transitions happen (the table of docs/ARCHITECTURE.md, from MekongCore);
  - a final state, once seen, never changes;
  - money is conserved: every settled payment has exactly one transfer in the sandbox's
    ledger for its exact amount, and no payment that is not settled has a booked one.
Crashes are CrashTests' part (a SIGKILL loop against the same invariants).
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import random
import uuid
from decimal import Decimal

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

args = argparse.ArgumentParser()
args.add_argument("--base-url", required=True)
args.add_argument("--sandbox-url", required=True)
args.add_argument("--keys", required=True)
args.add_argument("--examples", type=int, default=15)
options = args.parse_args()

FINAL = {"CROSS_BORDER_SETTLED", "SETTLED", "REJECTED", "TIMEOUT", "ERROR"}
# (from, to) pairs the state machine allows; anything may go to ERROR (a system failure).
LEGAL = {(None, "INITIATED"), ("INITIATED", "VALIDATED"), ("VALIDATED", "FX_PENDING"), ("FX_PENDING", "CORRIDOR_PROCESSING"),
         ("CORRIDOR_PROCESSING", "CROSS_BORDER_SETTLED"), ("VALIDATED", "SETTLED"), ("INITIATED", "REJECTED"),
         ("FX_PENDING", "REJECTED"), ("CORRIDOR_PROCESSING", "REJECTED"), ("VALIDATED", "REJECTED"),
         ("CORRIDOR_PROCESSING", "TIMEOUT")}
ACCOUNTS = {"settle": "1234567890", "insufficient_funds": "0000002001", "invalid_account": "0000002003",
            "forever_pending": "0000000202"}


def key(name):
    with open(os.path.join(options.keys, name)) as f:
        return f.read().strip()


APP = key("app-key")


def call(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text.startswith(b"{") else {"raw": text.decode(errors="replace")}


def api(method, path, body=None, headers=None):
    status, answer = call(method, options.base_url + path, body, dict(headers or {}, Authorization="Bearer " + APP))
    assert status < 500, (method, path, status, answer)
    return status, answer


class PaymentModel(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.outbound = {}   # payment id → (idempotency key, body, account kind)
        self.inbound = {}    # partner reference → (body, payment id or None)
        self.finals = {}     # payment id → the final state first seen

    # -- what apps do --------------------------------------------------------------------
    @rule(amount=st.integers(min_value=1, max_value=500), kind=st.sampled_from(sorted(ACCOUNTS)))
    def pay(self, amount, kind):
        status, quote = api("POST", "/v1/quotes", {"corridor": "KH-TH", "payment_type": "P2P",
                                                   "source": {"amount": f"{amount}.00", "currency": "USD"}})
        assert status == 201, quote
        # Each payment from a payer of its own: KH-TH's velocity limits count per sender.
        payer = "0%07d8901" % random.randrange(10_000_000)
        body = {"quote_id": quote["id"], "payer": {"name": "Sok Dara", "account": payer},
                "beneficiary": {"name": "Somchai Jaidee", "account": ACCOUNTS[kind]}}
        idem = "model-" + uuid.uuid4().hex
        status, payment = api("POST", "/v1/payments", body, {"Idempotency-Key": idem})
        assert status == 201, payment
        self.outbound[payment["id"]] = (idem, body, kind)

    @precondition(lambda self: self.outbound)
    @rule(data=st.data())
    def pay_again(self, data):
        """A duplicate: the same key and body replay the first answer, nothing new is made."""
        pid = data.draw(st.sampled_from(sorted(self.outbound)))
        idem, body, _ = self.outbound[pid]
        status, payment = api("POST", "/v1/payments", body, {"Idempotency-Key": idem})
        assert status == 201 and payment["id"] == pid, (status, payment)

    @precondition(lambda self: self.outbound)
    @rule(data=st.data())
    def misuse_key(self, data):
        pid = data.draw(st.sampled_from(sorted(self.outbound)))
        idem, body, _ = self.outbound[pid]
        changed = dict(body, beneficiary={"name": "Someone Else", "account": "5566778899"})
        status, answer = api("POST", "/v1/payments", changed, {"Idempotency-Key": idem})
        assert status == 422, (status, answer)

    @precondition(lambda self: self.outbound)
    @rule(data=st.data())
    def look(self, data):
        self.observe(data.draw(st.sampled_from(sorted(self.outbound))))

    # -- what partners do ----------------------------------------------------------------
    @rule(amount=st.integers(min_value=1, max_value=5000))
    def credit_arrives(self, amount):
        reference = "PPI-" + uuid.uuid4().hex[:12]
        body = {"reference": reference, "amount": f"{amount}.00", "credit_currency": "KHR", "payment_type": "P2P",
                "payer": {"name": "Somchai Jaidee", "account": "9876543210"},
                "beneficiary": {"name": "Sok Dara", "account": "012345678"}}
        status, answer = call("POST", options.sandbox_url + "/sandbox/inbound/KH-TH", body)
        assert status < 500, (status, answer)
        self.inbound[reference] = (body, answer.get("mekong_payment_id"))

    @precondition(lambda self: self.inbound)
    @rule(data=st.data())
    def credit_again(self, data):
        """The partner repeats a callback: the same payment, not a second one."""
        reference = data.draw(st.sampled_from(sorted(self.inbound)))
        body, first = self.inbound[reference]
        status, answer = call("POST", options.sandbox_url + "/sandbox/inbound/KH-TH", body)
        assert status < 500, (status, answer)
        if first:
            assert answer.get("mekong_payment_id") == first, (first, answer)

    @precondition(lambda self: self.inbound)
    @rule(data=st.data())
    def credit_out_of_order(self, data):
        """Other content under a used reference: refused (2007), the first payment untouched."""
        reference = data.draw(st.sampled_from(sorted(self.inbound)))
        body, first = self.inbound[reference]
        changed = dict(body, amount=str(Decimal(body["amount"]) + 1))
        status, answer = call("POST", options.sandbox_url + "/sandbox/inbound/KH-TH", changed)
        assert status < 500, (status, answer)
        assert answer.get("mekong_payment_id") in (None, first), answer

    # -- invariants ----------------------------------------------------------------------
    def observe(self, pid):
        status, payment = api("GET", "/v1/payments/" + pid)
        assert status == 200, payment
        state = payment["state"]
        if pid in self.finals:
            assert state == self.finals[pid], f"{pid} was {self.finals[pid]}, now {state}"
        elif state in FINAL:
            self.finals[pid] = state
        history = payment.get("history", [])
        for step in history:
            assert (step.get("from_state"), step["state"]) in LEGAL or step["state"] == "ERROR", (pid, step)
        assert history and history[-1]["state"] == state, (pid, history, state)
        assert [step["sequence"] for step in history] == list(range(1, len(history) + 1)), history
        return payment

    @invariant()
    def finals_hold(self):
        for pid in list(self.finals):
            self.observe(pid)

    def teardown(self):
        deadline = time.monotonic() + 20
        views = {}
        for pid, (_, _, kind) in self.outbound.items():
            while True:
                views[pid] = self.observe(pid)
                if kind == "forever_pending" or views[pid]["final"] or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        status, ledger = call("GET", options.sandbox_url + "/ledger")
        booked = {}
        for transfer in ledger["transfers"]:
            if transfer["corridor"] == "KH-TH" and transfer["instruction_id"] in self.outbound:
                booked.setdefault(transfer["instruction_id"], []).append(transfer)
        for pid, view in views.items():
            kind = self.outbound[pid][2]
            transfers = [t for t in booked.get(pid, []) if t["status"] in ("ACSC", "settled", "SETTLED")]
            if view["state"] == "CROSS_BORDER_SETTLED":
                assert kind == "settle", (pid, kind)
                assert len(transfers) == 1, (pid, booked.get(pid))
                assert Decimal(transfers[0]["amount"]) == Decimal(view["destination"]["amount"]), (pid, transfers, view["destination"])
            else:
                assert not transfers, f"{pid} is {view['state']} but the partner booked {transfers}"
            if kind == "forever_pending":
                assert view["state"] in ("CORRIDOR_PROCESSING",), (pid, view["state"])
            if kind in ("insufficient_funds", "invalid_account"):
                assert view["state"] == "REJECTED", (pid, view["state"])
        total_gateway = sum(Decimal(v["destination"]["amount"]) for v in views.values() if v["state"] == "CROSS_BORDER_SETTLED")
        total_sandbox = sum(Decimal(t[0]["amount"]) for pid, t in booked.items()
                            if views.get(pid, {}).get("state") == "CROSS_BORDER_SETTLED")
        assert total_gateway == total_sandbox, (total_gateway, total_sandbox)
        PaymentModel.checked += len(views)


PaymentModel.checked = 0
started = time.monotonic()
run_state_machine_as_test(PaymentModel, settings=settings(
    max_examples=options.examples, stateful_step_count=12, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck)))
print(f"model: {options.examples} random sequences, {PaymentModel.checked} payments checked against the ledger, "
      f"{time.monotonic() - started:.0f} s")
