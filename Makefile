.PHONY: run test frontend
run:      ## set up and start the portal on the embedded default
	scripts/start
test:     ## set up and run the tests
	scripts/test
frontend: ## rebuild static/css and static/js from npm (needs Node)
	scripts/build-frontend.sh
