.PHONY: run test lint format bench
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/python -m ruff check . && .venv/bin/python -m ruff format --check .
format:
	.venv/bin/python -m ruff format . && .venv/bin/python -m ruff check --fix .
bench:
	bash scripts/bench.sh
