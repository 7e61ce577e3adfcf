# The two commands README promises. Each builds .venv on first use.
PY := .venv/bin/python
.PHONY: demo test env

env: .venv/.installed

.venv/.installed: settings.ini setup.py constraints.txt
	bash tools/setup_env.sh

demo: env  ## prune the embedded SmolLM2-135M with RIA at 50% on PTB; dense vs pruned perplexity
	.venv/bin/plugprune

test: env  ## run every notebook's tests, real-model ones (`slow`) included
	bash tools/test.sh
