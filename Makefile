.PHONY: run test frontend bench
run:      ## set up and start the portal on the embedded default
	scripts/start
test:     ## set up and run the tests
	scripts/test
frontend: ## rebuild static/css and static/js from npm (needs Node)
	scripts/build-frontend.sh
bench:    ## print the benchmark figures (queue page at 1k/10k/100k offers)
	.venv/bin/python scripts/bench_queue.py
