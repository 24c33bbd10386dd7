.PHONY: run test frontend bench loadtest
run:      ## set up and start the portal on the embedded default
	scripts/start
test:     ## set up and run the tests
	scripts/test
frontend: ## rebuild static/css and static/js from npm (needs Node)
	scripts/build-frontend.sh
bench:    ## print the figures of issue 13 against their limits (scripts/bench.py); BENCH_ARGS='--json' for a JSON last line, '--quick' for a short run
	.venv/bin/python scripts/bench.py $(BENCH_ARGS)
loadtest: ## load test: gunicorn + Celery on PostgreSQL/Redis, locust 50 users for 60 s, then check the counts
	scripts/loadtest/run.sh
