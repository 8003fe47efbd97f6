#!/usr/bin/env bash
# `make demo-data`: realistic audit events for tenant demo in a running `make run`.
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/demo-data.py" --api "http://127.0.0.1:${API_PORT:-8080}" "$@"
