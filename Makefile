# Build and test entry points for the vpnalign.s2s collection.  `make help` lists them.
#
# Nothing here needs Ansible Galaxy: the collections we depend on come out of the
# `ansible` community wheel on PyPI (see tools/devenv.py).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
# No .NOTPARALLEL: GNU make then runs every target of this file one at a time, the -j of `make test`'s
# parts included (they ran in turn until 2026-12-02). `make test` orders its parts in its own recipe.

PYTHON ?= python3.11
VENV   := .venv
VPY    := $(VENV)/bin/python
ROOT   := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# Stamps are named after the content of what they depend on: a changed pin or a
# changed helper script gives a new name, so setup redoes that step and only that step.
REQ_HASH  := $(shell cat requirements.txt requirements-test.txt constraints.txt | sha256sum | cut -c1-16)
COLL_HASH := $(shell sha256sum tools/devenv.py | cut -c1-16)
VENV_STAMP := $(VENV)/.stamp-$(REQ_HASH)
COLL_STAMP := .collections/.stamp-$(COLL_HASH)
# azure-cli for the tests only (tests/integration/test_az_cli.py runs the report's az commands against
# the ARM lab); not part of setup, so `make demo` does not download it.
AZCLI_STAMP := .venv-azcli/.stamp-$(shell sha256sum requirements-azcli.txt | cut -c1-16)
# ansible-builder, galaxy-importer and ansible-lint for `make packaging`, in their own venv (their pins
# are not .venv's).
PKG_VENV  := .venv-packaging
PKG_STAMP := $(PKG_VENV)/.stamp-$(shell sha256sum requirements-packaging.txt | cut -c1-16)

# ansible-test must run inside .../ansible_collections/<namespace>/<name>
BUILD_ROOT := .build/ansible_collections
SANITY_DIR := $(BUILD_ROOT)/vpnalign/s2s
SANITY_ARGS ?=
# extra pytest arguments, e.g. make unit PYTEST_ARGS='-k pfs -x'
PYTEST_ARGS ?=
# The test run's artifacts that `make secret-scan` searches (tests/integration/conftest.py writes the
# ansible logs, the labs' logs and the kept ANSIBLE_HOMEs there; pytest's tmp_path lives in out/test/tmp).
TEST_OUT := out/test
BASETEMP := $(TEST_OUT)/tmp
# Cleared before a run that makes them, so that the scan looks at this run only.
RUN_ARTIFACTS := $(TEST_OUT)/logs $(TEST_OUT)/lab $(TEST_OUT)/ansible-home $(TEST_OUT)/secrets
# Touched when `make test` starts: the scan leaves out what is older in the shared ~/.ansible (another
# run on this machine, killed mid-module, leaves its AnsiballZ payload there, keys included).
RUN_STAMP := $(TEST_OUT)/run-started

export ANSIBLE_CONFIG := $(ROOT)/ansible.cfg
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup demo test unit integration sanity clean distclean
.PHONY: oracle oracle-setup test-fast fuzz fuzz-long fuzz-slice secret-scan packaging scale

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "}; /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The collection's bytecode, written here because every run below has PYTHONDONTWRITEBYTECODE: Ansible's loader keeps
# none, and our modules load from it (plugins/module_utils/__init__.py; compileall skips what is up to date).
setup: $(VENV_STAMP) $(COLL_STAMP) ## Create .venv (pinned requirements) and .collections (netcommon, utils, vpnalign.s2s)
	@$(VPY) -m compileall -q plugins >/dev/null

$(VENV_STAMP):
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	@[ -x $(VPY) ] || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	rm -f $(VENV)/.stamp-*
	$(VPY) -m pip install --quiet --requirement requirements.txt --requirement requirements-test.txt --constraint constraints.txt
	touch $@

$(COLL_STAMP): $(VENV_STAMP)
	rm -f .collections/.stamp-*
	$(VPY) tools/devenv.py collections
	touch $@

# First the offline check of the seed case (saved files, with the debug, syslog and counters the engineer
# captured during the outage as evidence), then the same case live on the two labs of tests/lab: check
# (fails), align the ASA to Azure, check (passes), align again (no change).
SEED := examples/seed-asa-azure-pfs
demo: setup ## The seed example: offline check with its evidence (out/demo), then check -> align -> check -> align on the labs
	$(VENV)/bin/ansible-playbook playbooks/check.yml \
	  -e asa_config_file=$(SEED)/asa_running_config.txt \
	  -e azure_resources_file=$(SEED)/azure_resources.json \
	  -e '{"evidence": {"asa_debug": ["$(SEED)/debug_crypto_ikev2.txt"], "asa_syslog": ["$(SEED)/syslog.txt"], "ipsec_sa": ["$(SEED)/show_crypto_ipsec_sa.txt"]}}' \
	  -e report_dir=out/demo -e fail_on=never
	$(VPY) tools/demo_labs.py --report-dir out/demo/align

# make test's parts, in five steps; parts that wait on the network or leave a core idle run beside others (this
# file has no .NOTPARALLEL, so -j holds): the oracle's Debian packages and the packaging venv (pip from PyPI) beside
# the unit tests; the az venv (tests/integration/azcli.py waits on its lock when a test needs it first) and
# ansible-test sanity (one core) beside the integration tests, which keep about a tenth of two cores idle waiting
# on the labs; the fuzz slice beside the packaging tests. The oracle runs alone: its rekeys run on timers (beside
# sanity and the packaging tests it missed a traffic-driven rekey, 2026-12-02). Parts that share the console keep
# their output whole (--output-sync=target; `line` beside the integration tests, which is still each command's
# output whole, not each line of it: GNU make groups by recipe line).
# Each part's wall time is printed after it ("make test: <part> took N s").
SUBMAKE = $(MAKE) --no-print-directory
TIMED = timed() { start=$$(date +%s); "$$@"; rc=$$?; echo "make test: $$* took $$(( $$(date +%s) - start )) s"; return $$rc; }
test: setup ## Unit and integration tests, the fuzz slice, ansible-test sanity, packaging, the strongSwan oracle, then the secret scan
	@mkdir -p $(TEST_OUT) && touch $(RUN_STAMP)
	@$(TIMED); timed $(SUBMAKE) -j3 --output-sync=target unit oracle-setup $(PKG_STAMP)
	@$(TIMED); timed $(SUBMAKE) -j3 --output-sync=line integration $(AZCLI_STAMP) sanity INTEGRATION_NEEDS=
	@$(TIMED); timed $(SUBMAKE) -j2 --output-sync=target fuzz-slice packaging
	@$(TIMED); timed $(SUBMAKE) oracle
	@$(TIMED); timed $(SUBMAKE) secret-scan

# For your own iterations: unit and integration without the align table on the labs
# (the slowest part of `make test`), no sanity, no oracle.
$(AZCLI_STAMP): $(VENV_STAMP)
	$(VPY) tests/integration/azcli.py ensure

test-fast: setup $(AZCLI_STAMP) ## Unit + integration without the align scenario table; no sanity, no oracle
	rm -rf $(RUN_ARTIFACTS)
	mkdir -p $(BASETEMP)
	$(VENV)/bin/pytest tests/unit tests/integration $(INTEGRATION_XDIST) -q -k 'not test_scenario_on_the_labs' \
	  --basetemp=$(BASETEMP)/fast $(PYTEST_ARGS)

FUZZ_JOBS ?= $(shell nproc)
fuzz: setup ## 50,000 seeded mutated inputs (ASA, ARM, show outputs, module options); failing inputs in out/fuzz/failed
	$(VPY) tests/fuzz/run.py --count 50000 --seed 11 --jobs $(FUZZ_JOBS) --save out/fuzz/failed --json out/fuzz/summary.json

fuzz-long: setup ## 500,000 inputs, a new seed per day (FUZZ_SEED to replay)
	$(VPY) tests/fuzz/run.py --count 500000 --seed $${FUZZ_SEED:-$$(date +%Y%m%d)} --jobs $(FUZZ_JOBS) --save out/fuzz/failed --json out/fuzz/summary-long.json

fuzz-slice: setup ## The seeded fuzz slice make test runs (about 2,000 inputs, linear-time checks)
	mkdir -p $(BASETEMP)
	$(VENV)/bin/pytest tests/fuzz -m fuzz --junitxml=out/test/fuzz.xml --basetemp=$(BASETEMP)/fuzz $(PYTEST_ARGS)

scale: setup ## Every stage of the check linear from 10k to 1M lines, three shapes (about 10 min; not in make test)
	$(VPY) benchmarks/pipeline_bench.py --sizes 10000,1000000 --shapes few,many,routed --action-sizes "" --check-linear

UNIT_JOBS ?= 2
unit: setup ## pytest tests/unit on UNIT_JOBS workers (default 2; 0: one process)
	mkdir -p $(BASETEMP)
	$(VENV)/bin/pytest tests/unit $(if $(filter 0,$(UNIT_JOBS)),,-n $(UNIT_JOBS)) --junitxml=out/test/unit.xml \
	  --basetemp=$(BASETEMP)/unit $(PYTEST_ARGS)

# pytest exits 5 when it collects no test at all; while tests/integration is still
# empty that is not a failure.  Every other non-zero code (1 failures, 2 interrupted,
# 3 internal error, 4 usage error) still fails the build.
# The integration tests wait on the labs and on ansible-playbook's own processes much of the time, so two
# pytest workers (pytest-xdist), each taking whole files (--dist loadfile: a file's module-scoped labs and
# fixtures stay in one worker), finish sooner than one on two cores. INTEGRATION_JOBS=0 runs them in one process.
INTEGRATION_JOBS ?= 2
INTEGRATION_XDIST := $(if $(filter 0,$(INTEGRATION_JOBS)),,-n $(INTEGRATION_JOBS) --dist loadfile)
INTEGRATION_NEEDS ?= $(AZCLI_STAMP)
integration: setup $(INTEGRATION_NEEDS) ## pytest tests/integration on INTEGRATION_JOBS workers (default 2; empty directory is not an error)
	rm -rf $(RUN_ARTIFACTS)
	mkdir -p $(BASETEMP)
	@rc=0; $(VENV)/bin/pytest tests/integration $(INTEGRATION_XDIST) --junitxml=out/test/integration.xml \
	  --basetemp=$(BASETEMP)/integration $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "tests/integration: no tests collected (pytest exit 5), not a failure"; rc=0; fi; \
	exit $$rc

# ansible-test wants the collection at .../ansible_collections/<ns>/<name> and finds
# dependencies (ansible.netcommon, ansible.utils) beside it in that ansible_collections
# directory, so we test a mirror in .build/ with the dependencies linked next to it.
# ANSIBLE_TEST_CONTENT_ROOT stops ansible-test from walking up to this checkout's .git:
# it would then list only git-tracked files under .build/ (none) and skip everything.
# With --venv, ansible-test makes its own virtualenvs (under ~/.ansible/test/venv) and
# pip-installs its pinned tools (pylint, yamllint, ...) there on first use; it would
# fetch its pip bootstrap script from a host we cannot reach, so devenv.py puts an
# offline stand-in (tools/ansible_test_get_pip.py) in its cache first.
sanity: setup ## ansible-test sanity on a copy of the collection in .build/
	$(VPY) tools/devenv.py ansible-test-bootstrap
	$(VPY) tools/devenv.py sanity-tree $(SANITY_DIR)
	mkdir -p $(BUILD_ROOT)/ansible
	ln -sfn ../../../.collections/ansible_collections/ansible/netcommon $(BUILD_ROOT)/ansible/netcommon
	ln -sfn ../../../.collections/ansible_collections/ansible/utils $(BUILD_ROOT)/ansible/utils
	cd $(SANITY_DIR) && env -u ANSIBLE_CONFIG PATH="$(ROOT)/$(VENV)/bin:$$PATH" \
	  ANSIBLE_TEST_CONTENT_ROOT="$(ROOT)/$(SANITY_DIR)" \
	  ansible-test sanity --venv --python 3.11 --color no $(SANITY_ARGS)

$(PKG_STAMP):
	@[ -x $(PKG_VENV)/bin/python ] || { echo "creating $(PKG_VENV) with $(PYTHON)"; $(PYTHON) -m venv $(PKG_VENV); }
	rm -f $(PKG_VENV)/.stamp-*
	$(PKG_VENV)/bin/python -m pip install --quiet --requirement requirements-packaging.txt
	touch $@

# tests/packaging: the built tarball's content, galaxy-importer on it, ansible-lint --profile production,
# ansible-builder create on execution-environment.yml, and pip's resolver on requirements.txt together
# with azure.azcollection's requirements (a throwaway venv; needs PyPI).
packaging: setup $(PKG_STAMP) ## Tarball content, galaxy-importer, ansible-lint production, ansible-builder create, pip resolver with azure.azcollection
	mkdir -p $(BASETEMP)
	$(VENV)/bin/pytest tests/packaging --junitxml=out/test/packaging.xml --basetemp=$(BASETEMP)/packaging $(PYTEST_ARGS)

# Needs root (apt packages, network namespaces). Elsewhere it says so and skips, loudly.
oracle-setup: ## The oracle's Debian packages and /dev/net/tun (tests/oracle/setup.sh; root only, elsewhere nothing)
	@if [ "$$(id -u)" = 0 ]; then bash tests/oracle/setup.sh </dev/null; fi

oracle: setup oracle-setup ## strongSwan oracle: engine vs two real charons (root; apt packages; ORACLE_ARGS='--only seed')
	@if [ "$$(id -u)" != 0 ]; then echo "oracle: SKIPPED - needs root for apt-get and network namespaces"; exit 0; fi; \
	$(VPY) tests/oracle/oracle.py $(ORACLE_ARGS)

# Every artifact of the test run: out/test (ansible logs with log_path on, lab logs, reports and
# everything else in pytest's tmp_path, the junit files), the oracle's logs, and ~/.ansible (without
# ansible-test's own virtualenvs).  Test inputs (playbooks, inventories, the configs handed to the
# check) are counted, not searched; see tools/secret_scan.py.  Fails on any key or client secret.
secret-scan: setup ## Search every artifact of the test run (out/test, out/oracle, ~/.ansible) for keys and client secrets
	$(VPY) tools/secret_scan.py --exclude test/venv $(if $(wildcard $(RUN_STAMP)),--since $(RUN_STAMP)) \
	  $(TEST_OUT) $(wildcard out/oracle) $(wildcard $(HOME)/.ansible)

clean: ## Remove build and demo output (.build, out)
	rm -rf .build out

distclean: clean ## Also remove .venv, .venv-azcli, .venv-packaging, .collections*, .cache
	rm -rf $(VENV) .venv-azcli .venv-packaging .collections .collections-cisco .cache .pytest_cache
