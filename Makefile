# bayesnn-go build pipeline. `make demo` runs every tutorial and writes the
# HTML reports; `make test` is what CI runs (.ci/run).
#
#   make test             go vet, go test, then the notebooks in CI size
#   make demo             every tutorial + every notebook -> reports/index.html
#   make bench            gradients/s and ESS/s vs infergo and GoMLX -> bench/out/bench.json
#   make notebooks        execute every notebook, HTML in reports/notebooks/
#   make notebooks-check  execute every notebook with BAYESNN_CI=1 and scan
#                         the results for errors and panics (cmd/nbcheck)
#   make install-deps     Debian's Jupyter and Chromium, GoNB, goimports
#   make interop          (outside CI) rstan::read_stan_csv reads our CmdStan
#                         CSV files; installs Debian's r-cran-rstan
#
# Variables: PKGS (packages for vet/test, default ./...),
# GO_TEST_FLAGS (extra flags for go test, e.g. -short),
# NB_CELL_TIMEOUT (seconds per notebook cell).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO ?= go
GO_TEST_FLAGS ?=
# PKGS narrows vet, test and bench to some packages: make test PKGS=./samplers/...
PKGS ?= ./...

# section prints a header naming the step that follows.
section = @printf '\n==== %s ====\n' "$(1)"

.PHONY: help test vet unit demo bench notebooks notebooks-check notebooks-deps install-deps interop

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# The steps run in this order and stop at the first failure. The last line
# printed is nbcheck's summary "notebooks: N passed, M failed".
test:
	@$(MAKE) --no-print-directory vet
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory notebooks-check

vet:
	$(call section,go vet $(PKGS))
	@start=$$SECONDS; $(GO) vet $(PKGS); echo "go vet: ok in $$((SECONDS - start)) s"

unit:
	$(call section,go test $(PKGS))
	@start=$$SECONDS; $(GO) test -timeout 25m -p 2 $(GO_TEST_FLAGS) $(PKGS); echo "go test: ok in $$((SECONDS - start)) s"

notebooks-check: notebooks-deps
	$(call section,notebooks (BAYESNN_CI=1): execute and check)
	@scripts/notebooks.sh -ci

notebooks: notebooks-deps
	$(call section,notebooks: execute and export HTML to reports/notebooks/)
	@scripts/notebooks.sh

demo: notebooks-deps
	$(call section,demo: tutorials and notebooks -> reports/index.html)
	@scripts/demo.sh

# bench runs the benchmark program (its own module, bench/: our gradients
# and samplers beside infergo's and GoMLX's, fixed seeds), prints the table
# and writes bench/out/bench.json; 3.5-4.5 minutes on 2 shared cores. The
# package benchmarks stay with go test: go test -run '^$' -bench . ./autodiff/
bench:
	$(call section,bench: bayesnn vs infergo and GoMLX -> bench/out/bench.json)
	@cd bench && start=$$SECONDS && $(GO) run . -json out/bench.json && echo "bench: done in $$((SECONDS - start)) s"

notebooks-deps:
	@scripts/install-deps.sh jupyter gonb

install-deps:
	@scripts/install-deps.sh all

# interop checks our CmdStan CSV files with R's rstan::read_stan_csv (4 chains,
# sampler parameters, adapted step size and metric); the ArviZ/zarr check runs
# in go test (interop/arviz).
interop:
	@scripts/install-deps.sh rstan
	$(call section,interop: rstan::read_stan_csv reads our CmdStan CSV files)
	@BAYESNN_INTEROP=1 $(GO) test -count=1 -v -run '^TestRStan$$' ./interop/cmdstan/
