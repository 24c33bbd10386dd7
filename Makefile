.PHONY: run test frontend bench loadtest
run:      ## set up and start the portal on the embedded default
	scripts/start
test:     ## set up and run the tests
	scripts/test
frontend: ## rebuild static/css and static/js from npm (needs Node)
	scripts/build-frontend.sh
bench:    ## print the figures of issue 13 against their limits (scripts/bench.py); BENCH_ARGS='--json' for a JSON last line, '--quick' for a short run
	.venv/bin/python scripts/bench.py $(BENCH_ARGS)
loadtest: ## load test: gunicorn + Celery on PostgreSQL/Redis; locust 50 users 60 s of the minimal POST, then of the journey mix; counts and req/s ratio
	scripts/loadtest/run.sh
