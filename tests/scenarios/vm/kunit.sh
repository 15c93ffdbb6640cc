# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: none
# kernel-args: kunit.enable=1
#
# Run the project's KUnit suites: load each test module (loading runs its
# suites) and hand every suite's KTAP to the host, which counts the cases.
# xvft.kunit_suite=NAME on the kernel command line limits the report to one
# suite.

only=$(xvf_cmdline_arg xvft.kunit_suite)
check kunit-debugfs "this kernel has no KUnit debugfs" \
	test -d /sys/kernel/debug/kunit || return

for mod in $(ls /lib/modules/*/extra/ | sed -n 's/\.ko$//p' | grep '_test$'); do
	before=$(ls /sys/kernel/debug/kunit)
	check "load-$mod" "loading $mod failed" modprobe "$mod" || continue
	suites=$(ls /sys/kernel/debug/kunit | grep -vxF "$before")
	# A test module that yields no suite ran nothing: that is a failure.
	check "suites-of-$mod" "$mod registered no KUnit suite (is KUnit enabled?)" \
		test -n "$suites"
	for suite in $suites; do
		[ -n "$only" ] && [ "$suite" != "$only" ] && continue
		xvf_result "ktap-begin load-$mod $suite"
		while IFS= read -r line; do
			xvf_result "ktap $line"
		done <"/sys/kernel/debug/kunit/$suite/results"
		xvf_result "ktap-end $suite"
	done
	check "unload-$mod" "unloading $mod failed" modprobe -r "$mod"
done
