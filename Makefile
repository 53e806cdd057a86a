.PHONY: run test lint bench help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

run:  ## Set up and serve NVAP Hub with demo data at http://127.0.0.1:8000
	bin/run

test:  ## Set up and run every test (SQLite; set DATABASE_URL for PostgreSQL)
	bin/test

lint:  ## Ruff and the migrations check
	.venv/bin/ruff check .
	DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run

bench:  ## Generate the national-scale data set and time every page (see bench/README.md)
	bin/bench
