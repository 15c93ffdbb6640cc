#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make deb: the Debian packages xvf-dkms, xvfd and xvf-host, built with
# Debian's tools (dpkg-buildpackage, debhelper, dh-dkms; debian/) from the
# tracked files only (git ls-files: no build products, no stray files),
# unsigned, into build/deb/; then lintian, which must find no error.
#   scripts/deb.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/deb}
rm -rf "$out"
mkdir -p "$out/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$out/src"
(cd "$out/src" && dpkg-buildpackage -us -uc -b)
changes=$(ls "$out"/*.changes)
lintian --fail-on error --info "$changes"
ls "$out"/*.deb
