"""Schemathesis checks for Mekong's fuzz run (scripts/api-suites loads this module through
SCHEMATHESIS_HOOKS).

mekong_answers: no 5xx, except the documented 503 with code 5001 ("corridor temporarily
unavailable": a corridor that is planned, closed by ops or outside its hours); and every
error answer is in the documented shape, {"error": {"code": <int>, "message": <str>, ...}}.

flatmap_body: with MEKONG_FUZZ_HOSTILE=1 (the second pass of scripts/api-suites), besides the
bodies generated from the schema, bodies with one string field replaced by a hostile string
(see HOSTILE), which the input boundary must refuse with 400. (The first pass runs without
them, so that its "schema validation mismatch" warnings measure the schema alone.)
"""
import copy
import os

import schemathesis
from hypothesis import strategies as st


@schemathesis.check
def mekong_answers(ctx, response, case):
    status = response.status_code
    if status < 400:
        return None
    try:
        body = response.json()
    except Exception:
        raise AssertionError(f"{status} answer is not JSON: {response.text[:200]!r}")
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), int) or not isinstance(error.get("message"), str):
        raise AssertionError(f"{status} answer is not in the documented error shape: {response.text[:300]}")
    if status >= 500 and not (status == 503 and error["code"] == 5001):
        raise AssertionError(f"server error {status} ({error['code']}): {error['message']}")
    return None


# The input boundary's hostile strings (RELIABILITY 17): with some generated bodies, one string
# field (at any depth) is replaced by one of these. The server must answer 400 in the
# documented shape, never 5xx: a NUL alone or hidden before a combining mark, C0, DEL and C1
# controls and a one-grapheme string of 2,101 code points, past every limit. (Lone surrogates
# are left to InputBoundaryTests: the fuzzer's encoders refuse to send them.)
HOSTILE = ["a\x00", "a\x00\u0301", "a\x1b", "a\x7f", "a\x85", "Z" + "\u0301" * 2100]


def _string_paths(value, path=()):
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _string_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_paths(item, path + (index,))


def _replaced(body, path, text):
    body = copy.deepcopy(body)
    if not path:
        return text
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = text
    return body


@schemathesis.hook
def flatmap_body(ctx, body):
    paths = list(_string_paths(body)) if os.environ.get("MEKONG_FUZZ_HOSTILE") == "1" else []
    if not paths:
        return st.just(body)
    hostile = st.tuples(st.sampled_from(paths), st.sampled_from(HOSTILE)).map(lambda pair: _replaced(body, pair[0], pair[1]))
    return st.one_of(st.just(body), hostile)
