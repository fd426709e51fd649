#!/usr/bin/env bash
# tests/browser/serve_test.sh: the page of `litdex serve` in headless
# Chromium.  Indexes corpus/ and a paper whose title is a <script> tag,
# starts the server on a free loopback port, loads page URLs (the page
# takes its state from the URL) with --dump-dom and checks the rendered
# DOM: results with <mark> highlights, the year histogram, that a year
# filter narrows the results, that hostile titles stay text, the query
# error, similar papers and the record view.  Saves a screenshot as
# tests/browser/serve.png.  Prints TAP; exits 1 when a check failed.
# Skips, saying so, when Chromium is not installed.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${LITDEX_BIN:-$ROOT/build/litdex}
CHROMIUM=${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
SHOT=${SHOT:-$ROOT/tests/browser/serve.png}

if [ ! -x "$CHROMIUM" ]; then
	echo "1..0 # skip chromium is not installed (scripts/install-deps.sh installs it)"
	exit 0
fi

TMP=$(mktemp -d)
SRV_PID=
cleanup() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

DB="$TMP/index.db"
cat >"$TMP/hostile.xml" <<'XML'
<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>900000099</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue><Title>Journal of Hostile Titles</Title></Journal>
<ArticleTitle>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; hostile</ArticleTitle>
<Abstract><AbstractText>An alert in the abstract.</AbstractText></Abstract>
</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
XML
"$BIN" --db "$DB" index --quiet "$ROOT/corpus" "$TMP/hostile.xml" || { echo "Bail out! cannot index"; exit 1; }
"$BIN" --db "$DB" serve --port 0 >/dev/null 2>"$TMP/serve.log" &
SRV_PID=$!
URL=
for _ in $(seq 100); do
	URL=$(sed -n 's|^litdex: serving \(http://127\.0\.0\.1:[0-9]*/\) (Ctrl-C to stop)$|\1|p' "$TMP/serve.log")
	[ -n "$URL" ] && break
	sleep 0.05
done
if [ -z "$URL" ]; then
	echo "Bail out! the server did not start: $(cat "$TMP/serve.log")"
	exit 1
fi

# The page fetches after it loads: the virtual time budget lets those
# fetches finish before the DOM is taken.
chrome() {
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/profile" --virtual-time-budget=10000 "$@" 2>>"$TMP/chromium.log"
}
dom() {
	chrome --dump-dom "$URL$1" >"$TMP/dom.html"
}

n=0 failed=0
check() {
	n=$((n + 1))
	if "${@:2}"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}
has() { grep -qF -- "$1" "$TMP/dom.html"; }
count() { grep -oF -- "$1" "$TMP/dom.html" | wc -l; }
total() { sed -n 's|.*<div id="status"[^>]*><p><strong>\([0-9,]*\) papers\{0,1\}</strong>.*|\1|p' "$TMP/dom.html" | tr -d ,; }
years() { grep -o '<li class="hit"[^>]*data-year="[0-9]*"' "$TMP/dom.html" | sed 's/.*data-year="//; s/"$//'; }
at_least() { [ "$1" -ge "$2" ]; }
all_in() {
	local y
	for y in $(years); do
		[ "$y" -ge "$1" ] && [ "$y" -le "$2" ] || return 1
	done
}

dom '?q=homeostatic+plasticity'
check "the page rendered (the script ran to the end)" has 'data-state="done"'
check "results for 'homeostatic plasticity'" at_least "$(count '<li class="hit"')" 5
check "highlighted words in titles and snippets" at_least "$(count '<mark>')" 10
check "highlights are the query's words" has '<mark>homeostatic</mark>'
check "the year histogram has bars" at_least "$(count 'class="bar')" 2
check "each result links to similar papers" \
	[ "$(count 'class="similar"')" -eq "$(count '<li class="hit"')" ]
all=$(total)
check "the status gives the number of papers" at_least "${all:-0}" 5
seed=$(grep -o '<li class="hit" data-key="[^"]*"' "$TMP/dom.html" | head -1 | sed 's/.*data-key="//; s/"$//')

dom '?q=homeostatic+plasticity&year=2015-2024'
narrow=$(total)
check "a year filter narrows the results" [ "${narrow:-0}" -gt 0 -a "${narrow:-0}" -lt "${all:-0}" ]
check "every result is from 2015-2024" all_in 2015 2024
check "the histogram marks the chosen years" has 'class="bar on"'

dom '?q=hostile'
check "a <script> title is shown as text" has '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;'
check "and adds no element: the page's one script only" [ "$(count '<script')" -eq 1 ]
check "no <img> from the title" [ "$(count '<img')" -eq 0 ]

dom '?q=ketamine+AND+(bdnf'
check "a bad query shows the error and where it is" has 'class="error"'
check "with a caret under the query" has '^</pre>'

dom "?similar=$seed"
check "similar papers of the first result" at_least "$(count '<li class="hit"')" 3
check "the seed is not among them" [ "$(count "data-key=\"$seed\"")" -eq 0 ]
check "the seed is named" has 'Papers similar to'

dom "?show=$seed"
check "a whole record" has "<article class=\"paper\" data-key=\"$seed\""

rm -f "$SHOT"
chrome --hide-scrollbars --window-size=1200,900 --screenshot="$SHOT" \
	"${URL}?q=homeostatic+plasticity" >/dev/null
check "a screenshot in $(basename "$SHOT")" at_least "$(stat -c %s "$SHOT" 2>/dev/null || echo 0)" 20000

echo "1..$n"
[ "$failed" -eq 0 ]
