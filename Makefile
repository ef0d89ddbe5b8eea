# StreamReco developer entry points. Everything runs on the embedded broker unless BOOTSTRAP is set.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
CLI := processors/StreamReco.Cli/StreamReco.Cli.csproj
BOOTSTRAP ?=
BOOTSTRAP_ARG := $(if $(BOOTSTRAP),--bootstrap $(BOOTSTRAP),)
SOAK_MINUTES ?= 5
SOAK_RATE ?= 2000

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all build run test reliability bench soak format format-check clean

all: build

build:
	$(DOTNET) build StreamReco.sln -c $(CONFIG) -nologo

## Runs the whole pipeline on the embedded broker (or BOOTSTRAP=host:port) until Ctrl-C.
run:
	$(DOTNET) run -c $(CONFIG) --project $(CLI) -- run $(BOOTSTRAP_ARG) $(ARGS)

## Builds once and runs every test project; prints one "N passed, N failed, N skipped" line.
test:
	bash tests/run-tests.sh $(CONFIG)

## Broker fault injection, bad-input fuzz and kill -9 tests on the embedded broker, including the cases `make test` leaves
## out: broker outages (Category=Outage, they wait on client timeouts) and further request errors (Category=Extended, time budget).
reliability:
	$(DOTNET) test tests/StreamReco.Reliability.Tests -c $(CONFIG) --logger "console;verbosity=normal"

## Benchmarks: codec micro-benchmarks (BenchmarkDotNet) and pipeline ratios on the embedded broker.
bench:
	$(DOTNET) run -c Release --project tests/StreamReco.Benchmarks -- $(if $(BENCH),$(BENCH),all)

## Soak: full pipeline for SOAK_MINUTES at SOAK_RATE events/s; prints one summary line. Not part of `make test`.
soak:
	$(DOTNET) run -c Release --project $(CLI) -- soak --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE) $(BOOTSTRAP_ARG)

format:
	$(DOTNET) format StreamReco.sln

format-check:
	$(DOTNET) format StreamReco.sln --verify-no-changes

clean:
	$(DOTNET) clean StreamReco.sln -nologo
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
