# SPDX-License-Identifier: GPL-2.0-or-later
# The PV guest's side of dom0's checks (tests/xen/dom0/guest.sh), for the
# busybox guest (serve.sh) and the Debian one (tests/debian/guest/serve.sh):
# serve the checks dom0 writes to data/xvft-cmd ("NAME EXPRESSION"),
# answering on the console, until dom0 sends "stop".

# guest_serve NAME EXPRESSION: one of dom0's checks; a failure's reason
# carries the expression's last line of output (fo_state and the like).
guest_serve() {
	local out tail_line
	t_begin "$1"
	if out=$(eval "$2" 2>&1); then
		t_ok "$1"
		return
	fi
	echo "$out" | tail -n 20
	tail_line=$(echo "$out" | grep -v '^[[:space:]]*$' | tail -n 1 | tr -d '\r' | cut -c 1-300)
	t_fail "$1" "guest check failed: $2${tail_line:+ -- $tail_line}"
}

# The watch fires once when it is set and again on every change and after
# a resume, so a command dom0 wrote before this point is not missed.
serve_dom0_checks() {
	local last= cmd name expr
	xenstore-watch data/xvft-cmd | while read -r _; do
		cmd=$(xenstore-read data/xvft-cmd 2>/dev/null)
		[ -z "$cmd" ] || [ "$cmd" = "$last" ] && continue
		last=$cmd
		name=${cmd%% *}
		expr=${cmd#* }
		[ "$name" = stop ] && break
		guest_serve "$name" "$expr"
	done
}
