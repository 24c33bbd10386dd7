.PHONY: run test frontend bench loadtest
run:      ## set up and start the portal on the embedded default
	scripts/start
test:     ## set up and run the tests
	scripts/test
frontend: ## rebuild static/css and static/js from npm (needs Node)
	scripts/build-frontend.sh
bench:    ## print the benchmark figures (submission vs minimal POST, home page, queue at 1k/10k/100k, PDF); BENCH_ARGS=--quick for smaller sizes
	.venv/bin/python scripts/bench.py $(BENCH_ARGS)
loadtest: ## load test: gunicorn + Celery on PostgreSQL/Redis, locust 50 users for 60 s, then check the counts
	scripts/loadtest/run.sh
