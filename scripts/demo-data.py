#!/usr/bin/env python3
"""Appends realistic audit events to tenant `demo` of a running api (`make run`), so that a
newcomer has something real to export at once.

  scripts/demo-data.py [--api http://127.0.0.1:8080] [--count 50000] [--months 6] [--seed 7]

Events are spread over the last --months months up to now, in occurredAt order, in batches of
5,000 (the ledger takes up to 10,000 per call). Same seed, same events.
"""
import argparse
import json
import random
import sys
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
SERVICES = ["svc-billing", "svc-backup", "svc-reporting", "svc-sso"]
ACTIONS = [  # (action, resource kind, weight)
    ("user.login", "app/console", 30),
    ("user.logout", "app/console", 20),
    ("document.read", "doc", 25),
    ("document.update", "doc", 10),
    ("document.delete", "doc", 3),
    ("role.grant", "role", 2),
    ("role.revoke", "role", 1),
    ("invoice.issue", "invoice", 6),
    ("backup.run", "db/prod", 2),
    ("config.change", "config", 1),
]
ROLES = ["viewer", "editor", "admin", "auditor"]


def event(rng, at):
    action, kind, _ = rng.choices(ACTIONS, weights=[a[2] for a in ACTIONS])[0]
    service = action in ("backup.run", "invoice.issue") or rng.random() < 0.05
    actor = rng.choice(SERVICES) if service else rng.choice(PEOPLE)
    if kind == "doc":
        resource = f"doc/{rng.randint(1, 5000)}"
    elif kind == "role":
        resource = f"role/{rng.choice(ROLES)}"
    elif kind == "invoice":
        resource = f"invoice/2026-{rng.randint(1, 99999):05d}"
    else:
        resource = kind
    roll = rng.random()
    privileged = action in ("role.grant", "role.revoke", "document.delete", "config.change")
    outcome = "denied" if privileged and roll < 0.25 else "failure" if roll < 0.04 else "success"
    attributes = {"ip": f"10.{rng.randint(0, 3)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"}
    if not service:
        attributes["userAgent"] = rng.choice(["firefox/140", "chrome/156", "curl/8.14"])
    if outcome != "success":
        attributes["reason"] = "insufficient role" if outcome == "denied" else "timeout"
    return {
        "occurredAt": at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z",
        "actor": actor,
        "action": action,
        "resource": resource,
        "outcome": outcome,
        "attributes": attributes,
    }


def post(api, key, entries):
    req = urllib.request.Request(
        api + "/api/v1/ledger/entries",
        data=json.dumps({"entries": entries}).encode(),
        headers={"Content-Type": "application/json", "X-API-Key": key},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--api", default="http://127.0.0.1:8080")
    p.add_argument("--key", default="dev-demo-writer")
    p.add_argument("--count", type=int, default=50_000)
    p.add_argument("--months", type=int, default=6)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    end = datetime.now(timezone.utc).replace(microsecond=0)
    start = end - timedelta(days=30 * a.months)
    step = (end - start) / a.count
    batch, appended, last = [], 0, None
    for i in range(a.count):
        batch.append(event(rng, start + step * i + timedelta(seconds=rng.random())))
        if len(batch) == 5000 or i == a.count - 1:
            try:
                last = post(a.api, a.key, batch)
            except urllib.error.HTTPError as e:
                sys.exit(f"append failed: {e.code} {e.read().decode()}")
            except urllib.error.URLError as e:
                sys.exit(f"cannot reach {a.api} ({e.reason}); is `make run` running?")
            appended += last["appended"]
            batch = []
    print(f"appended {appended} events to tenant demo, {start:%Y-%m-%d} .. {end:%Y-%m-%d}; "
          f"ledger head is seq {last['lastSeq']} {last['headHash']}")


if __name__ == "__main__":
    main()
