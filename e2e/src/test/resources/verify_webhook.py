"""Verifies one received webhook with the Standard Webhooks reference library (PyPI
standardwebhooks), as a receiver would: python verify_webhook.py message.json, where message.json
holds {"secret": "whsec_...", "headers": {...}, "body": "..."}. Prints "verified" and exits 0, or
prints why not and exits 3."""
import json
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

message = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    payload = Webhook(message["secret"]).verify(message["body"], message["headers"])
except WebhookVerificationError as e:
    print("refused:", e)
    sys.exit(3)
print("verified", payload["type"], payload["data"]["id"])
