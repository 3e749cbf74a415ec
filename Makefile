# bayesnn-go build pipeline. `make demo` runs every tutorial notebook and
# writes the HTML reports; `make test` is what CI runs (.ci/run).
#
#   make test             go vet (also for 386 and arm64), go test, the
#                         purego tests, then the notebooks in CI size
#   make cross            go vet for GOARCH=386 (32-bit) and arm64 (no assembly)
#   make purego           go test -short -tags purego of the packages with assembly
#   make demo             every notebook at full size -> reports/index.html
#   make bench            gradients/s and ESS/s vs infergo and GoMLX -> bench/out/bench.json
#   make bench-mnist      (not CI) the CNN on all 60,000 MNIST digits: MAP and a cyclical
#                         SGHMC ensemble on the 10,000 test digits -> bench/out/mnist_full.json
#   make notebooks        execute every notebook at full size, HTML in reports/notebooks/
#   make notebooks-check  execute every notebook with BAYESNN_CI=1 and scan
#                         the results for errors, panics and failed checks (cmd/nbcheck)
#   make programs         regenerate tutorials/NAME/main.go from the notebooks (cmd/nb2go)
#   make cache-test       run a notebook in one kernel, re-run its last cell:
#                         the cached re-run must take < 10 % of the full run
#   make jupyter-trial    (outside CI) a new user's trial in a real browser: Jupyter's
#                         notebook server + GoNB, driven by headless Chromium: run all
#                         of notebook 04 at CI size, edit a late cell, re-run only it:
#                         no resampling (cache untouched), < 10 % of the full run
#   make install-deps     Jupyter (Debian's, if none on PATH), Chromium, GoNB, goimports
#   make interop          (outside CI) rstan::read_stan_csv reads our CmdStan
#                         CSV files; installs Debian's r-cran-rstan
#
# Without Jupyter the notebook steps run each tutorial as its Go program
# instead (go run ./tutorials/NAME) and say what was skipped.
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

.PHONY: help test vet cross unit purego demo bench bench-mnist notebooks notebooks-check notebooks-deps install-deps programs cache-test jupyter-trial interop

# The packages with assembly kernels: purego runs their portable code.
ASM_PKGS := ./internal/simd/ ./autodiff/ ./samplers/ ./diag/

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# The steps run in this order and stop at the first failure. The last line
# printed is nbcheck's summary "notebooks: N passed, M failed".
test:
	@$(MAKE) --no-print-directory vet
	@$(MAKE) --no-print-directory cross
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory purego
	@$(MAKE) --no-print-directory notebooks-check

vet:
	$(call section,go vet $(PKGS))
	@start=$$SECONDS; $(GO) vet $(PKGS); echo "go vet: ok in $$((SECONDS - start)) s"

# cross vets other architectures: 386 (a 32-bit int) and arm64 (the
# portable code in place of the amd64 assembly).
cross:
	$(call section,go vet $(PKGS) for GOARCH=386 and arm64)
	@start=$$SECONDS; for arch in 386 arm64; do GOARCH=$$arch $(GO) vet $(PKGS); done; echo "go vet 386, arm64: ok in $$((SECONDS - start)) s"

# purego tests the portable code of the packages with assembly on amd64.
purego:
	$(call section,go test -tags purego -short $(ASM_PKGS))
	@start=$$SECONDS; $(GO) test -timeout 25m -p 2 -tags purego -short $(ASM_PKGS); echo "go test purego: ok in $$((SECONDS - start)) s"

unit:
	$(call section,go test $(PKGS))
	@start=$$SECONDS; $(GO) test -timeout 25m -p 2 $(GO_TEST_FLAGS) $(PKGS); echo "go test: ok in $$((SECONDS - start)) s"

notebooks-check: notebooks-deps
	$(call section,notebooks (BAYESNN_CI=1): execute and check)
	@scripts/notebooks.sh -ci

notebooks: notebooks-deps
	$(call section,notebooks: execute at full size and export HTML to reports/notebooks/)
	@scripts/notebooks.sh

demo: notebooks-deps
	$(call section,demo: every notebook at full size -> reports/index.html)
	@scripts/demo.sh

# programs regenerates the plain Go program of every notebook; a test
# (cmd/nb2go) fails when one is out of date.
programs:
	$(GO) run ./cmd/nb2go

# cache-test drives a GoNB kernel (python3-jupyter-client): runs every cell
# of notebooks/01_gibbs_hmc.ipynb at CI size, then re-runs the last cell and
# checks that it took under 10 % of the full run (about 1 minute).
cache-test: notebooks-deps
	$(call section,cache test: re-running a late cell reuses the cached runs)
	@scripts/cachetest.sh

# jupyter-trial drives Debian's classic `jupyter notebook` with the GoNB
# kernel from headless Chromium over the DevTools protocol
# (scripts/jupytertrial.py): Cell > Run All on notebook 04 at CI size, then
# a late cell edited and re-run with Shift-Enter; its report and a
# screenshot go to build/jupytertrial/ (about 1-4 minutes).
jupyter-trial: notebooks-deps
	@scripts/install-deps.sh trial
	$(call section,Jupyter trial: run all in a browser, edit a late cell, re-run it)
	@scripts/jupytertrial.sh

# bench runs the benchmark program (its own module, bench/: our gradients
# and samplers beside infergo's and GoMLX's, fixed seeds), prints the table
# and writes bench/out/bench.json; 3.5-4.5 minutes on 2 shared cores. The
# package benchmarks stay with go test: go test -run '^$' -bench . ./autodiff/
bench:
	$(call section,bench: bayesnn vs infergo and GoMLX -> bench/out/bench.json)
	@cd bench && start=$$SECONDS && $(GO) run . -json out/bench.json && echo "bench: done in $$((SECONDS - start)) s"

# bench-mnist trains hamiltorch's CNN on all 60,000 MNIST training digits
# (MAP by Adam, then a cyclical SGHMC ensemble; issue 20) and scores both on
# the 10,000 test digits: accuracy, NLL, ECE, time per epoch (BENCHMARKS.md).
# 32 epochs, extrapolated at 17-31 minutes on 2 cores; flags shorten it
# (the 3-epoch run of BENCHMARKS.md took 7 minutes; see bench/mnistfull.go).
bench-mnist:
	$(call section,bench-mnist: CNN on full MNIST, MAP and cyclical SGHMC -> bench/out/mnist_full.json)
	@cd bench && start=$$SECONDS && $(GO) run . -mnist-full -mnist-json out/mnist_full.json && echo "bench-mnist: done in $$((SECONDS - start)) s"

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
