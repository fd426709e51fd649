#!/bin/sh
# scripts/install-deps.sh [EXTRA...]: installs the system packages litdex
# needs to build and test, plus any EXTRA packages a target names (make
# fuzz: clang, make memcheck: valgrind), if any are missing.  Debian and Ubuntu (apt-get, or
# sudo apt-get when not root); elsewhere it names the packages and stops.
set -u

PACKAGES="gcc make pkg-config libsqlite3-dev libstemmer-dev libxml2-dev zlib1g-dev \
sqlite3 libcmocka-dev bats libmicrohttpd-dev chromium $*"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $PACKAGES; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
		case "$status" in
		*"install ok installed"*) ;;
		*) missing="$missing $p" ;;
		esac
	done
else
	# No dpkg: check for what the build needs directly.
	pkg-config --exists sqlite3 libxml-2.0 zlib 2>/dev/null || missing="$missing sqlite3 libxml2 zlib"
	[ -f /usr/include/libstemmer.h ] || [ -f /usr/local/include/libstemmer.h ] || missing="$missing libstemmer"
	command -v bats >/dev/null 2>&1 || missing="$missing bats"
fi

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "litdex: missing packages:$missing; install them with your system's package manager" >&2
	exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "litdex: missing packages:$missing; run as root: apt-get install$missing" >&2
		exit 1
	fi
fi

echo "litdex: installing missing packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || { echo "litdex: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "litdex: apt-get install failed for:$missing" >&2
	exit 1
}
