# The two commands: `make demo` and `make test`. Both install what is missing first.
.PHONY: demo test setup size bench package clean

demo:
	@bash scripts/demo.sh

test:
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

size:
	@bash scripts/size-report.sh

# The npm package (target/package/checkout-widget-<version>.tgz) from a release build:
# scripts/package.cjs; e2e/tests/package.spec.js installs it into a Vite + React app.
package:
	@bash -c 'source scripts/env.sh && bash scripts/setup.sh && bash scripts/release.sh && node scripts/package.cjs'

# Proxy added latency (get-invoice, authorize) and the widget's time to the total versus a
# plain-JavaScript page. Not part of `make test`: figures, not pass/fail.
bench:
	@bash -c 'source scripts/env.sh && bash scripts/setup.sh && bash scripts/release.sh && cargo build --release -p checkout-proxy && cargo run --release -q -p checkout-proxy --example bench && CHECKOUT_MODE=sandbox node scripts/speed-bench.js 21 docs/speed.md'

clean:
	rm -rf target dist e2e/test-results
