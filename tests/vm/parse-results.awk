# SPDX-License-Identifier: GPL-2.0-or-later
#
# Turn one VM run into per-case results.
# Input files: the kernel console log, then the stamped result log.
# Variables: tier, scenario, qemu_rc, timeout, console, report_re.
# Output: PASS|FAIL|SKIP <tier>/<scenario>/<case> [reason]

# The patterns live in guest/kernel-report.re (one ERE), shared with the
# guest side; run.sh passes it in as report_re.
function report_pattern(line) {
	return line ~ report_re
}

function emit(status, name, reason) {
	if (status == "FAIL")
		failures++
	printf "%s %s/%s/%s%s\n", status, tier, scenario, name, \
		reason == "" ? "" : " " reason
}

# A case passes only if the guest said so and the kernel stayed quiet.
function finish(status, name, reason, window) {
	if (status == "PASS" && (window in report)) {
		status = "FAIL"
		reason = "kernel report during the case: " report[window]
	}
	if (window in report)
		reported_in_case[window] = 1
	emit(status, name, reason)
}

FNR == 1 { file++ }

# --- pass 1: the console log ---------------------------------------------
file == 1 {
	# A Xen scenario's copy of the PV guest's console (guest_console_dump,
	# guest_kernel_log_check) is the guest's, not this kernel's: the
	# guest-kernel-log case judges it, known upstream warnings aside.
	if ($0 ~ /^----- guest (console|kernel report)/) {
		in_guest_copy = 1
		next
	}
	if ($0 ~ /^----- end of guest /) {
		in_guest_copy = 0
		next
	}
	if (in_guest_copy)
		next
	if (match($0, /xvft: begin [^ ]+/)) {
		window = substr($0, RSTART + 12, RLENGTH - 12)
		next
	}
	if (report_pattern($0) && !(window_key() in report)) {
		line = $0
		sub(/^\[[ 0-9.]*\] /, "", line)
		report[window_key()] = line
	}
	next
}
function window_key() { return window == "" ? "(boot)" : window }

# --- pass 2: the result log ------------------------------------------------
{
	t = $1
	if ($2 != "XVFT")
		next
	kind = $3
}
kind == "start" && first_line == "" { first_line = t }
kind == "done" { done = 1 }
kind == "metric" { printf "# metric %s %s\n", $4, $5 }
kind == "ok" { finish("PASS", $4, "", $4) }
kind == "fail" || kind == "skip" {
	reason = $0
	sub(/^[^ ]+ XVFT [a-z]+ [^ ]+ ?/, "", reason)
	finish(kind == "fail" ? "FAIL" : "SKIP", $4, reason, $4)
}

# KTAP from a KUnit suite: "ktap-begin WINDOW SUITE", lines, "ktap-end".
kind == "ktap-begin" { ktap_window = $4; ktap_suite = $5; ktap_plan = -1; ktap_cases = 0; next }
kind == "ktap" && ktap_suite != "" {
	line = $0
	sub(/^[^ ]+ XVFT ktap /, "", line)
	if (ktap_plan < 0 && match(line, /^    1\.\.[0-9]+$/)) {
		ktap_plan = substr(line, 8) + 0
	} else if (match(line, /^    (not )?ok [0-9]+ [^ ]+/)) {
		n = split(line, w, " ")
		status = w[1] == "not" ? "FAIL" : "PASS"
		cname = status == "FAIL" ? w[4] : w[3]
		why = status == "FAIL" ? "KUnit case failed (see console log)" : ""
		if (line ~ /# SKIP/) {
			status = "SKIP"
			why = line
			sub(/.*# SKIP ?/, "", why)
		}
		save = scenario
		scenario = ktap_suite
		t2 = tier; tier = "kunit"
		finish(status, cname, why, ktap_window)
		tier = t2; scenario = save
		ktap_cases++
	}
	next
}
kind == "ktap-end" {
	if (ktap_plan < 0 || ktap_cases != ktap_plan)
		emit("FAIL", "ktap-" ktap_suite, "suite planned " ktap_plan \
		     " cases, reported " ktap_cases)
	ktap_suite = ""
	next
}

END {
	# The boot itself is a case: it must end, cleanly, with no report
	# outside the cases.
	reason = ""
	if (qemu_rc == 124 || qemu_rc == 137)
		reason = "guest hung: killed after " timeout " s"
	else if (!done)
		reason = "guest stopped before the scenario finished (qemu exit " qemu_rc ")"
	for (win in report)
		if (!(win in reported_in_case) && reason == "")
			reason = "kernel report in " win ": " report[win]
	if (first_line != "")
		printf "# boot_seconds %s\n", first_line
	emit(reason == "" ? "PASS" : "FAIL", "boot", reason)
	if (failures)
		printf "# console log: %s\n", console
}
