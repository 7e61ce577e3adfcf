# The commands README promises. Each builds .venv on first use.
PY := .venv/bin/python
# MathJax for the site's math, from npm's mathjax package, installed beside the venv (not in the repo)
MATHJAX := .venv/npm/node_modules/mathjax/es5/tex-svg-full.js
.PHONY: demo test env docs docs-check outputs

env: .venv/.installed

.venv/.installed: settings.ini setup.py constraints.txt
	bash tools/setup_env.sh

demo: env  ## prune the embedded SmolLM2-135M with RIA at 50% on PTB; dense vs pruned perplexity
	.venv/bin/plugprune

test: env  ## run every notebook's tests, real-model ones (`slow`) included
	bash tools/test.sh

docs: env $(MATHJAX)  ## build the documentation site into _docs/ from the notebooks, offline (open _docs/index.html)
	$(PY) tools/build_docs.py

docs-check: docs  ## check the built site in headless Chromium (Debian's chromium: apt-get install -y chromium)
	$(PY) tools/check_docs.py

outputs: env  ## run the notebooks top to bottom, keeping their outputs (all, CPU-heavy; or NB="nbs/03_ria.ipynb ...")
	$(PY) tools/make_outputs.py $(NB)

$(MATHJAX):
	npm install --prefix .venv/npm --no-audit --no-fund --loglevel=error mathjax@3.2.2
