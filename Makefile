# SPDX-License-Identifier: GPL-2.0-or-later
#
# xvf top level.  The two commands a user needs:
#   make demo    real Xen in QEMU: a guest with a VF and netfront, paired,
#                migrated once under traffic while xvfctl watch shows it
#                (make demo PLAIN=1: no Xen, VFs on the emulated NIC, a ping)
#   make check   every test; last line "N passed, N failed, N skipped"
#   make soak    the cases that repeat (removal and detach/attach cycles,
#                migrations) with their long counts; same closing line
# Both install what they need first (scripts/setup.sh, idempotent).
#
# Finer targets:
#   make setup                       install build and test dependencies
#   make modules                     build the kernel modules (stock headers)
#   make unit                        userspace suites only
#   make kunit [SUITE=xvf_mbx]       KUnit suites in the debug kernel
#   make scenario S=vm/failover      one scenario, TIER/NAME (vm: plain VM,
#                                    xen: Xen; DEBUG_GUEST=1: a Xen one also
#                                    with the debug kernel as the guest;
#                                    ixgbe: the 82599 model; DEBUG=1: also
#                                    on the debug kernel)
#   make bench                       benchmarks -> bench/results.json
#   make bench ONLY="vm/driver-bench ixgbe/driver-bench"
#                                    those scenarios only; their keys
#                                    replace theirs in results.json
#   make fuzz [FUZZ_SECONDS=60]      libFuzzer targets, each for a while
#   make checkpatch                  kernel style check of driver/
#   make deb                         Debian packages xvf-dkms, xvfd,
#                                    xvf-host -> build/deb/ (lintian-clean)

SHELL := /bin/bash
TESTS := tests

.PHONY: all setup setup-for-tests modules check soak demo bench unit fuzz kunit scenario checkpatch deb clean

all: modules

setup:
	@scripts/setup.sh

# check and soak build the debug kernel anyway: on a new machine, start
# it while the packages install.
setup-for-tests:
	@scripts/setup.sh --start-debug-kernel

modules: setup
	@source $(TESTS)/lib.sh && rel=$$(stock_release) && \
	  build_modules stock /lib/modules/$$rel/build

check: setup-for-tests
	@$(TESTS)/check.sh

unit: setup
	@$(TESTS)/check.sh unit

fuzz: setup
	@$(MAKE) -s -C xenstore-proto fuzz-build && $(MAKE) -s -C agent fuzz-build
	@$(TESTS)/unit/fuzz.sh $(or $(FUZZ_SECONDS),60)s xenstore-proto/fuzz/corpus \
		xenstore-proto/build/fuzz_*
	@$(TESTS)/unit/fuzz.sh $(or $(FUZZ_SECONDS),60)s agent/fuzz/corpus agent/build/fuzz_*

deb: setup
	@scripts/deb.sh

kunit: setup
	@XVF_KUNIT_SUITE=$(SUITE) $(TESTS)/check.sh kunit

# S=TIER/NAME (tests/scenarios/TIER/NAME.sh); the tier decides how it runs.
scenario: setup
	@test -n "$(S)" || { echo "usage: make scenario S=TIER/NAME (e.g. vm/failover, xen/failover)"; exit 2; }
	@test -f $(TESTS)/scenarios/$(S).sh || { echo "no scenario $(S): one of"; \
	  cd $(TESTS)/scenarios && ls */*.sh | sed 's/\.sh$$//; s/^/  /'; exit 2; }
	@case "$(S)" in \
	vm/debian|xen/debian) XVF_XEN_SCENARIOS=" " XVF_XEN_DEBUG_SCENARIOS= XVF_DEBIAN_SCENARIOS="$(S)" \
	    $(TESTS)/check.sh xen ;; \
	xen/*) XVF_XEN_SCENARIOS="$(S)" XVF_XEN_DEBUG_SCENARIOS="$(if $(DEBUG_GUEST),$(S))" \
	    XVF_DEBIAN_SCENARIOS= $(TESTS)/check.sh xen ;; \
	ixgbe/xen*) XVF_IXGBE_SCENARIOS=" " XVF_IXGBE_DEBUG_SCENARIOS= \
	    XVF_IXGBE_XEN_SCENARIOS="$(S)" $(TESTS)/check.sh ixgbe ;; \
	ixgbe/*) XVF_IXGBE_SCENARIOS="$(S)" XVF_IXGBE_DEBUG_SCENARIOS="$(if $(DEBUG),$(S))" \
	    XVF_IXGBE_XEN_SCENARIOS= $(TESTS)/check.sh ixgbe ;; \
	*) XVF_VM_SCENARIOS="$(S)" $(TESTS)/check.sh vm ;; \
	esac

soak: setup-for-tests
	@XVF_SOAK=1 $(TESTS)/check.sh

demo: setup
	@PLAIN=$(PLAIN) scripts/demo.sh

bench: setup
	@$(if $(ONLY),XVF_BENCH_ONLY="$(ONLY)") $(TESTS)/bench.sh

checkpatch: setup
	@scripts/checkpatch.sh

clean:
	rm -rf build
	$(MAKE) -C xenstore-proto clean
	$(MAKE) -C host clean
	$(MAKE) -C agent clean
