# The two commands: `make demo` and `make test`. Both install what is missing first.
.PHONY: demo test setup size clean

demo:
	@bash scripts/demo.sh

test:
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

size:
	@bash scripts/size-report.sh

clean:
	rm -rf target dist e2e/test-results
