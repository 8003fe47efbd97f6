"""Schemathesis hooks of SchemathesisE2ETest (SCHEMATHESIS_HOOKS=schemathesis_hooks).

One check, `named_refusals_only`: valid data (as the document describes it) that is refused 400
must be refused for a reason the document cannot state, and each such reason is named below. The
built-in positive_data_acceptance lets 400 through for the operations of schemathesis.toml's
[[operations]] block that have such rules; this check then fails every other 400 reason, so a rule
the document could state and does not is a failure with its field and message.
"""

import atexit
import json
import os
import re

import jsonschema_rs
import schemathesis

# (field, message) pairs, as regular expressions matched in full against each entry of the
# problem's `errors`: rules between values, against state, or on an instant rather than its text.
NAMED = [
    # a page token this service did not issue (it is opaque: any string is well formed)
    (r"pageToken", r"is not a token this service issued"),
    # an order between two values
    (r"from|range", r"must be before to.*"),
    (r"range", r"from must be before to \(the range is \[from, to\)\)"),
    (r"range", r"fromSeq must be less than toSeq \(the range is \[fromSeq, toSeq\)\)"),
    (r"fromSeq", r"must not be after toSeq"),
    (r"fromSize", r"must be from 0 to toSize \(\d+\)"),
    (r"to", r"a backfill spans at most P366D"),
    # a size or position beyond the ledger's head (state)
    (r"treeSize|toSize", r"is beyond the ledger's head: its tree has \d+ entries"),
    (r"seq", r"must be from 1 to the tree size \(\d+\): entry seq is leaf seq - 1"),
    # an instant outside the years 0000 to 9999 once its offset is applied (the text matches the
    # date-time pattern: 0000-01-01T00:00:00+01:00 is in year -1)
    (r"from|to|range\.from|range\.to", r"(from and to )?must be (a time|times) in the years 0000 to 9999"),
    # a duration's bounds (a duration's order is not its text's: P1DT1H against P366D)
    (r"window|catchupWindow|jitter", r"must be at most P\d+D"),
    (r"catchupWindow", r"must be at least PT10S"),
    # a PATCH of an incremental schedule (its mode is state: what it was created with)
    (r"window", r"must be absent for an incremental schedule: each run takes new entries"),
    # a cron expression: its fields' ranges and combinations are the parser's, not a pattern's
    (r"cron|timezone", r"(?!is required$).+"),
]

_COMPILED = [(re.compile(f), re.compile(m)) for f, m in NAMED]


def _named(error):
    field = str(error.get("field", ""))
    message = str(error.get("message", ""))
    return any(f.fullmatch(field) and m.fullmatch(message) for f, m in _COMPILED)


# What the check saw, written at exit to EXPORTJOBS_SCHEMATHESIS_CHECKED (if set): the test then
# knows it ran, on how many answers, and how many of them were 400s to valid data it accepted.
_SEEN = {"responses": 0, "namedRefusals": 0, "notValidAfterAll": 0, "statuses": {}}


@atexit.register
def _write_seen():
    path = os.environ.get("EXPORTJOBS_SCHEMATHESIS_CHECKED")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_SEEN, f)


_VALIDATORS = {}


def _body_is_valid(case):
    """Whether the body is valid by the document itself (JSON Schema 2020-12, `if`/`then`/`else`
    included). A generation phase that widens a schema past its conditionals can call a body
    "positive" that the document refuses; such a body is not valid data, and its 400 is right."""
    body = case.body
    if type(body).__name__ == "NotSet":
        return True
    content = (case.operation.definition.raw.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json")
    if not media or "schema" not in media:
        return True
    label = case.operation.label
    if label not in _VALIDATORS:
        document = case.operation.schema.raw_schema
        root = dict(media["schema"])
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["components"] = document.get("components", {})
        _VALIDATORS[label] = jsonschema_rs.validator_for(root)
    return _VALIDATORS[label].is_valid(body)


@schemathesis.check
def named_refusals_only(ctx, response, case):
    _SEEN["responses"] += 1
    # each operation's answers by status and generation mode: what a failure's reader needs first
    mode = case.meta.generation.mode.value if case.meta is not None else "unknown"
    key = f"{case.operation.label} {mode}"
    counts = _SEEN["statuses"].setdefault(key, {})
    counts[str(response.status_code)] = counts.get(str(response.status_code), 0) + 1
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if not _body_is_valid(case):
        _SEEN["notValidAfterAll"] += 1
        return None
    try:
        problem = json.loads(response.content)
    except ValueError:
        raise AssertionError("a 400 to valid data without a problem body")
    errors = problem.get("errors") or []
    if not errors:
        raise AssertionError(
            f"valid data refused 400 without a named field: {problem.get('detail')!r}"
        )
    unnamed = [e for e in errors if not _named(e)]
    if unnamed:
        raise AssertionError(
            "valid data refused 400 for a rule the document could state and does not: "
            + "; ".join(f"{e.get('field')}: {e.get('message')}" for e in unnamed)
        )
    _SEEN["namedRefusals"] += 1
    return None
