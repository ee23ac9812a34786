# Trust Coach: `make run` to talk to the coach, `make test` to check everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 runs only on Python 3.10; everything else on 3.11. Override with e.g.
# `make run PYTHON310=/usr/bin/python3.10`.
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON310 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10) $(shell command -v python3.10))
PYTHON311 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python3.11) $(shell command -v python3.11))

# No telemetry: the coach runs offline and sends nothing anywhere.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# Models come from installed packages only; never from a hub.
export HF_HUB_OFFLINE := 1

RASA_VENV := .venv-rasa
APP_VENV := .venv
RASA := $(RASA_VENV)/bin/rasa
TRUSTCOACH := $(APP_VENV)/bin/trustcoach
PYTEST := $(APP_VENV)/bin/pytest
TRAINING_DATA := data/nlu data/rules data/stories
RESULTS := build/results
# npm packages: the web page's chat widget, and the Telegram Bot API emulator the end-to-end tests use.
WIDGET_DIR := bot/channels/web/widget
EMULATOR_DIR := tests/e2e/telegram-test-api
# The browser tests drive the system's Chromium (Debian: `apt-get install chromium`); no browser download.
CHROMIUM ?= $(firstword $(shell command -v chromium chromium-browser 2>/dev/null))
export CHROMIUM

.PHONY: help run chat setup train validate test test-unit test-stories test-e2e audit bench-nlu bench-understanding bench-plans bench-answers bench-retrieval bench-retrieval-scale bench-threshold clean

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: setup train ## Set up, train if the data changed, and start the coach (Ctrl-C stops it)
	$(TRUSTCOACH) serve

chat: ## Talk to the running coach in this terminal
	$(TRUSTCOACH) chat

setup: $(RASA_VENV)/.installed $(APP_VENV)/.installed $(WIDGET_DIR)/node_modules/.installed ## Create or update both Python environments and the chat widget

$(RASA_VENV)/.installed: requirements/rasa.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found. Install it (e.g. 'pyenv install 3.10.13') or pass PYTHON310=/path/to/python3.10."; exit 1; }
	test -x $(RASA_VENV)/bin/python || $(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --quiet --upgrade pip==24.3.1
	$(RASA_VENV)/bin/pip install --quiet -r requirements/rasa.txt
	touch $@

# torch goes first and alone: 2.13.0 is the local CPU wheel; letting a resolver pick pulls CUDA builds.
$(APP_VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON311)" || { echo "Python 3.11 not found. Install it (e.g. 'pyenv install 3.11.7') or pass PYTHON311=/path/to/python3.11."; exit 1; }
	test -x $(APP_VENV)/bin/python || $(PYTHON311) -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install --quiet --upgrade pip==24.3.1
	$(APP_VENV)/bin/pip install --quiet torch==2.13.0
	$(APP_VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

train: setup ## Train the Rasa model (skipped when nothing changed)
	$(RASA) train --config config.yml --domain domain.yml --data $(TRAINING_DATA) --out models

validate: setup ## Check everything trainers edit: Rasa's data, articles, coaching content, responses, conversation scripts
	$(RASA) data validate --config config.yml --domain domain.yml --data $(TRAINING_DATA)
	$(TRUSTCOACH) validate --no-rasa

test: validate train test-unit test-stories test-e2e ## Run the whole test suite

test-unit: setup ## Unit and action tests (fast)
	$(PYTEST) -m "not e2e"

test-stories: train ## Dialogue test stories in German and English
	$(RASA) test core --stories tests/stories --model models --out $(RESULTS)/stories --fail-on-prediction-errors

test-e2e: train $(EMULATOR_DIR)/node_modules/.installed ## Conversations with the real servers: HTTP, the web page in Chromium, Telegram through an emulator
	@test -n "$(CHROMIUM)" || { echo "Chromium not found: the browser tests need it ('apt-get install chromium', or pass CHROMIUM=/path/to/chromium)."; exit 1; }
	$(PYTEST) -m e2e

audit: setup ## Dependency audits of both Python environments and both npm folders (reports, never failing)
	bash .ci/audit

%/node_modules/.installed: %/package.json %/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (e.g. 'apt-get install nodejs npm')."; exit 1; }
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench-nlu: setup ## Cross-validated intent F1 (5 folds), printed per intent and macro
	$(APP_VENV)/bin/python bench/nlu_cross_validation.py --rasa $(RASA) --folds 5 --out $(RESULTS)/nlu

bench-understanding: setup ## Accuracy of understanding typed answers (profile, self-check, dates, plan steps, language)
	$(APP_VENV)/bin/python bench/understanding_accuracy.py --cases bench/understanding/dev.yml bench/understanding/second.yml

bench-plans: setup ## How much plans depend on the business: shared items per pair, core actions, specific items, empty reasons
	$(APP_VENV)/bin/python bench/plan_contrast.py

bench-answers: train ## Answers through the chat: right article for situational questions, next steps, off-topic answered (per language)
	$(APP_VENV)/bin/python bench/answer_quality.py

bench-retrieval: setup ## Retrieval quality (hit@k, MRR, passage hit@5) and latency per retriever
	$(TRUSTCOACH) eval retrieval

bench-retrieval-scale: setup ## Index build time and query latency over 1,000 synthetic articles
	$(APP_VENV)/bin/python bench/retrieval_scale.py --articles 1000

bench-threshold: setup ## Answer threshold per language: coverage and false-answer rate (dev, then held-out)
	$(TRUSTCOACH) eval threshold

clean: ## Remove trained models and test results (keeps environments and var/)
	rm -rf models build
