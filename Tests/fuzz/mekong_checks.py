"""Schemathesis checks for Mekong's fuzz run (scripts/api-suites loads this module through
SCHEMATHESIS_HOOKS).

mekong_answers: no 5xx, except the documented 503 with code 5001 ("corridor temporarily
unavailable": a corridor that is planned, closed by ops or outside its hours); and every
error answer is in the documented shape, {"error": {"code": <int>, "message": <str>, ...}}.
"""
import schemathesis


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
