#!/usr/bin/env bats
# serve.bats: `litdex serve`: the page and its headers, the JSON API and
# its 400s, escaping of hostile titles, request limits, that the server
# survives bad requests, listens on loopback only, never writes to the
# index, and stops cleanly on SIGTERM and SIGINT.  Requests go over bash's
# /dev/tcp to 127.0.0.1 only, so no HTTP client is needed.

load helpers
bats_require_minimum_version 1.5.0

# Starts `litdex serve --port 0` (the kernel picks a free loopback port)
# with the given extra arguments; sets SRV_PID and PORT, output in $1.
start_server() {
	local log=$1 db=$2
	shift 2
	"$LITDEX_BIN" --db "$db" serve --port 0 "$@" >/dev/null 2>"$log" 3>&- &
	SRV_PID=$!
	for _ in $(seq 100); do
		PORT=$(sed -n 's|^litdex: serving http://127\.0\.0\.1:\([0-9]*\)/ (Ctrl-C to stop)$|\1|p' "$log")
		[ -n "$PORT" ] && return 0
		kill -0 "$SRV_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	"$LITDEX_BIN" --db "$SDB" index --quiet "$FIX/five.xml"
	# a title and an abstract that are markup once the XML is parsed
	article_xml 900000099 '&lt;script&gt;alert(1)&lt;/script&gt; hostile plasticity' 2020 \
		'Journal of Hostile Titles' 'A &lt;b onclick="x()"&gt;bold&lt;/b&gt; alert for ketamine &amp; you.' \
		>"$BATS_FILE_TMPDIR/hostile.xml"
	"$LITDEX_BIN" --db "$SDB" index --quiet "$BATS_FILE_TMPDIR/hostile.xml"
	sha256sum "$SDB" | cut -d' ' -f1 >"$BATS_FILE_TMPDIR/before.sum"
	export SLOG="$BATS_FILE_TMPDIR/serve.log"
	start_server "$SLOG" "$SDB" || { cat "$SLOG" >&2; return 1; }
	export SRV_PID PORT
}

teardown_file() {
	if [ -n "${SRV_PID:-}" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
	fi
	true
}

# req METHOD PATH [HEADER...]: one HTTP/1.0 request to the server; sets
# code (the status), head (the headers, CRs removed) and body.  A Host
# header is sent unless one is given.
req() {
	local method=$1 path=$2 raw fd host=1 h
	shift 2
	for h in "$@"; do
		case "$h" in [Hh]ost:*) host= ;; esac
	done
	exec {fd}<>"/dev/tcp/127.0.0.1/${REQ_PORT:-$PORT}" || return 1
	# the server may close early on a long request: no SIGPIPE for that
	(
		trap '' PIPE
		printf '%s %s HTTP/1.0\r\n' "$method" "$path"
		[ -n "$host" ] && printf 'Host: 127.0.0.1:%s\r\n' "${REQ_PORT:-$PORT}"
		for h in "$@"; do printf '%s\r\n' "$h"; done
		printf '\r\n'
	) >&$fd 2>/dev/null || true
	# the x keeps the trailing newlines that $(...) would drop
	raw=$(timeout 10 cat <&$fd 2>/dev/null; echo x)
	raw=${raw%x}
	exec {fd}>&-
	code=$(printf '%s\n' "$raw" | sed -n '1s|^HTTP/1\.[01] \([0-9]*\) .*|\1|p')
	head=$(printf '%s' "${raw%%$'\r\n\r\n'*}" | tr -d '\r')
	body=${raw#*$'\r\n\r\n'}
}

get() { req GET "$@"; }

# The value of header $1 in $head.
header() {
	printf '%s\n' "$head" | sed -n "s/^$1: //Ip" | head -1
}

@test "the server says where it listens, and listens on 127.0.0.1 only" {
	grep -qx "litdex: serving http://127.0.0.1:$PORT/ (Ctrl-C to stop)" "$SLOG"
	local hex
	hex=$(printf '%04X' "$PORT")
	# state 0A is LISTEN; 0100007F is 127.0.0.1
	grep -qE "^ *[0-9]+: 0100007F:$hex 00000000:0000 0A" /proc/net/tcp
	! grep -qE "^ *[0-9]+: 00000000:$hex " /proc/net/tcp
	! grep -qiE "^ *[0-9]+: 0{32}:$hex " /proc/net/tcp6 2>/dev/null
}

@test "the page: HTML with a strict Content-Security-Policy, and its script and style" {
	get /
	[ "$code" = 200 ]
	[ "$(header Content-Type)" = "text/html; charset=utf-8" ]
	local csp
	csp=$(header Content-Security-Policy)
	[[ "$csp" == *"script-src 'self'"* ]]
	[[ "$csp" == *"default-src 'none'"* ]]
	[[ "$csp" != *unsafe-inline* ]]
	[ "$(header X-Content-Type-Options)" = nosniff ]
	[[ "$body" == *'<script src="/app.js" defer></script>'* ]]
	[[ "$body" == *'id="q"'* ]]
	# nothing from elsewhere: no CDN, no inline script
	! grep -qE '(src|href)="(https?:)?//' <<<"$body"
	! grep -qE '<script>' <<<"$body"
	get /app.js
	[ "$code" = 200 ]
	[ "$(header Content-Type)" = "text/javascript; charset=utf-8" ]
	[[ "$body" == *"/api/search"* ]]
	! grep -q 'innerHTML' <<<"$body"
	get /style.css
	[ "$code" = 200 ]
	[ "$(header Content-Type)" = "text/css; charset=utf-8" ]
	req HEAD /index.html
	[ "$code" = 200 ]
	[ -z "$body" ]
	[ "$(header Content-Type)" = "text/html; charset=utf-8" ]
}

@test "search: JSON with the total, the page and highlighted segments" {
	get '/api/search?q=ketamine'
	[ "$code" = 200 ]
	[ "$(header Content-Type)" = "application/json; charset=utf-8" ]
	[[ "$body" == '{"query":"ketamine","match":"all","relaxed":false,'* ]]
	# two fixture papers and the hostile one mention ketamine
	[[ "$body" == *'"total":3,"offset":0,"limit":20,"estimated":false,'* ]]
	[ "$(grep -o '"rank":' <<<"$body" | wc -l)" -eq 3 ]
	[[ "$body" == *'"title_hl":[{"text":"Ketamine","hit":true},{"text":" in treatment-resistant depression: a review","hit":false}]'* ]]
	[[ "$body" == *'{"text":"ketamine","hit":true}'* ]]
	[[ "$body" == *'"authors":["Okafor DA"]'* ]]
}

# total_of QUERY...: the "total" of /api/search for each query, one a line
total_of() {
	local q
	for q in "$@"; do
		get "/api/search?q=$q"
		[ "$code" = 200 ] || return 1
		sed -n 's/.*"total":\([0-9]*\),.*/\1/p' <<<"$body"
	done
}

@test "the threads keep their handles: they see what an index run adds, and a new file at the path" {
	local db="$BATS_TEST_TMPDIR/live.db" log="$BATS_TEST_TMPDIR/live.log" i
	"$LITDEX_BIN" --db "$db" index --quiet "$FIX/five.xml"
	start_server "$log" "$db" || { cat "$log" >&2; return 1; }
	local REQ_PORT=$PORT
	# a dozen requests, so that each of the server's threads keeps a handle
	for i in $(seq 12); do total_of zorblatt; done | sort -u >"$BATS_TEST_TMPDIR/t"
	[ "$(cat "$BATS_TEST_TMPDIR/t")" = 0 ]
	article_xml 900000123 'Zorblatt kinetics' 2021 'Journal of Kept Handles' >"$BATS_TEST_TMPDIR/z.xml"
	"$LITDEX_BIN" --db "$db" index --quiet "$BATS_TEST_TMPDIR/z.xml"
	for i in $(seq 12); do total_of zorblatt; done | sort -u >"$BATS_TEST_TMPDIR/t"
	[ "$(cat "$BATS_TEST_TMPDIR/t")" = 1 ]
	# the index removed and made again: a kept handle would read the old file
	rm -f "$db" "$db-wal" "$db-shm"
	article_xml 900000124 'Quuxifier dynamics' 2022 'Journal of Kept Handles' >"$BATS_TEST_TMPDIR/q.xml"
	"$LITDEX_BIN" --db "$db" index --quiet "$BATS_TEST_TMPDIR/q.xml"
	for i in $(seq 12); do total_of zorblatt quuxifier | paste -sd' '; done | sort -u \
		>"$BATS_TEST_TMPDIR/t"
	[ "$(cat "$BATS_TEST_TMPDIR/t")" = "0 1" ]
	kill "$SRV_PID"
	wait "$SRV_PID" || true
}

@test "search: the filters, the order and paging of the command line" {
	get '/api/search?q=ketamine&year=2015-2024'
	[ "$code" = 200 ]
	[[ "$body" == *'"total":2,'* ]]
	! grep -q '"year":2012' <<<"$body"
	get '/api/search?q=ketamine&journal=neuron'
	[[ "$body" == *'"total":1,'* ]]
	[[ "$body" == *'"key":"900000002"'* ]]
	get '/api/search?q=ketamine&author=Okafor'
	[[ "$body" == *'"total":1,'* ]]
	get '/api/search?q=ketamine&sort=year'
	[[ "$body" == *'"key":"900000099"'*'"key":"900000003"'*'"key":"900000002"'* ]]
	# the second hit of a page of two is the first of the page at offset 1
	get '/api/search?q=ketamine&sort=year&limit=2'
	local second
	second=$(grep -o '"key":"[^"]*"' <<<"$body" | sed -n 2p)
	get '/api/search?q=ketamine&sort=year&limit=1&offset=1'
	[[ "$body" == *'"total":3,"offset":1,"limit":1,'* ]]
	[ "$(grep -o '"key":"[^"]*"' <<<"$body")" = "$second" ]
	# filters alone, no query
	get '/api/search?year=2003'
	[ "$code" = 200 ]
	[[ "$body" == *'"query":null,'*'"total":1,'* ]]
}

@test "search: no paper with every word is relaxed to any word, as in the CLI" {
	get '/api/search?q=ketamine+microplastics'
	[ "$code" = 200 ]
	[[ "$body" == *'"match":"any","relaxed":true,'* ]]
	get '/api/search?q=ketamine+microplastics&any=1'
	[[ "$body" == *'"match":"any","relaxed":false,'* ]]
	get '/api/search?q=zzyzxquux'
	[ "$code" = 200 ]
	[[ "$body" == *'"total":0,'*'"hits":[]}' ]]
}

@test "bad parameters are a 400 with a JSON error that says what and where" {
	get '/api/search?q=ketamine+AND+(bdnf'
	[ "$code" = 400 ]
	[ "$(header Content-Type)" = "application/json; charset=utf-8" ]
	[[ "$body" =~ ^\{\"error\":\"[^\"]+\",\"position\":[1-9][0-9]*,\"param\":\"q\"\}$ ]]
	local bad
	for bad in 'q=x&year=20x5' 'q=x&year=2024-2015' 'q=x&limit=0' 'q=x&limit=101' \
		'q=x&limit=abc' 'q=x&offset=-1' 'q=x&sort=sideways' 'q=x&any=maybe' \
		'q=x&jornal=Neuron' ''; do
		get "/api/search?$bad"
		echo "$bad -> $code $body"
		[ "$code" = 400 ]
		[[ "$body" == '{"error":"'*'","position":0,"param":"'* ]]
	done
	get '/api/search?q=x&year=20x5'
	[[ "$body" == *'"param":"year"'* ]]
	get '/api/search?q=x&jornal=Neuron'
	[[ "$body" == *"did you mean 'journal'?"* ]]
	get '/api/search?q=x&limit=100'
	[ "$code" = 200 ]
	get '/api/facet?q=x&field=colour'
	[ "$code" = 400 ]
	get '/api/show'
	[ "$code" = 400 ]
	get '/api/similar?q=plasticity'
	[ "$code" = 400 ]
}

@test "text from the index is escaped: a <script> title stays text" {
	get '/api/search?q=alert'
	[ "$code" = 200 ]
	[[ "$body" == *'"total":1,'* ]]
	# JSON escapes <, > and & so that no reader can take them for markup
	[[ "$body" == *'"title":"\u003cscript\u003ealert(1)\u003c/script\u003e hostile plasticity"'* ]]
	[[ "$body" == *'\u003cb onclick=\"x()\"\u003ebold'* ]]
	[[ "$body" == *'ketamine \u0026 you'* ]]
	! grep -qE '<|>' <<<"$body"
	get '/api/show?key=900000099'
	[ "$code" = 200 ]
	! grep -qE '<|>' <<<"$body"
	# the page builds the DOM from text nodes only
	get /app.js
	grep -q 'textContent' <<<"$body"
	! grep -qE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write' <<<"$body"
}

@test "show: a whole paper by PMID; 404 for a paper that is not there" {
	get '/api/show?key=PMID:900000002'
	[ "$code" = 200 ]
	[[ "$body" == '{"paper":{"key":"900000002","pmid":"900000002",'* ]]
	[[ "$body" == *'"abstract":"A single low dose of ketamine'* ]]
	[[ "$body" == *'"sources":["'*'five.xml"]'* ]]
	get '/api/show?key=12345'
	[ "$code" = 404 ]
	[[ "$body" == *"no paper '12345' in the index"* ]]
}

@test "similar: papers like one, never itself; 404 for an unknown key" {
	get '/api/similar?key=900000003&limit=5'
	[ "$code" = 200 ]
	[[ "$body" == '{"key":"900000003","paper":{"key":"900000003",'* ]]
	[[ "$body" == *'"hits":[{"rank":1,'* ]]
	# the seed appears once, as "paper", never among the hits
	[ "$(grep -o '"key":"900000003"' <<<"$body" | wc -l)" -eq 2 ]
	get '/api/similar?key=900000003&limit=1'
	[[ "$body" == *'"more":true}' ]]
	get '/api/similar?key=999'
	[ "$code" = 404 ]
}

@test "facet: hit counts per year add up to the search's total" {
	get '/api/search?q=ketamine'
	local total
	total=$(grep -o '"total":[0-9]*' <<<"$body" | cut -d: -f2)
	get '/api/facet?q=ketamine&field=year'
	[ "$code" = 200 ]
	[[ "$body" == '{"field":"year","values":[{"value":"2012","count":1},{"value":"2019","count":1},{"value":"2020","count":1}],"more":false}' ]]
	[ "$(grep -o '"count":[0-9]*' <<<"$body" | awk -F: '{ n += $2 } END { print n }')" -eq "$total" ]
	get '/api/facet?field=journal&year=2000-&limit=1'
	[ "$code" = 200 ]
	[ "$(grep -o '"count":' <<<"$body" | wc -l)" -eq 1 ]
	[[ "$body" == *'"more":true}' ]]
}

@test "long requests are refused with 414 and the server goes on" {
	local long
	long=$(head -c 20000 /dev/zero | tr '\0' a)
	get "/api/search?q=$long"
	[ "$code" = 414 ]
	[[ "$body" == '{"error":"request too long'* ]]
	# past the connection's memory: libmicrohttpd refuses it itself
	long=$(head -c 100000 /dev/zero | tr '\0' a)
	get "/api/search?q=$long" || true
	[ -z "$code" ] || [ "$code" = 414 ]
	get '/api/search?q=ketamine'
	[ "$code" = 200 ]
}

@test "unknown paths are 404, other methods 405, foreign Host names 403" {
	get /etc/passwd
	[ "$code" = 404 ]
	[ "$body" = '{"error":"not found"}' ]
	get '/api/nothing?q=x'
	[ "$code" = 404 ]
	get '/../../etc/passwd'
	[ "$code" = 404 ]
	req POST '/api/search?q=ketamine'
	[ "$code" = 405 ]
	[ "$(header Allow)" = "GET, HEAD" ]
	# a site resolving its name to 127.0.0.1 cannot read the index
	get '/api/search?q=ketamine' 'Host: attacker.example:80'
	[ "$code" = 403 ]
	get '/api/search?q=ketamine' "Host: localhost:$PORT"
	[ "$code" = 200 ]
}

@test "the server survives garbage and many requests at once" {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
	printf '\x00\x01\xff garbage\r\n\r\n' >&$fd
	timeout 5 cat <&$fd >/dev/null || true
	exec {fd}>&-
	get '/api/search?q=%FF%FE%00'
	[ "$code" = 200 ] || [ "$code" = 400 ]
	local i pids=()
	for i in $(seq 20); do
		(get "/api/search?q=ketamine&offset=$((i % 3))" && [ "$code" = 200 ]) &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i"
	done
	kill -0 "$SRV_PID"
	get '/api/search?q=ketamine'
	[ "$code" = 200 ]
}

@test "a busy port, a bad port and a missing index are errors before serving" {
	run -2 "$LITDEX_BIN" --db "$SDB" serve --port "$PORT"
	[[ "$output" == *"cannot listen on 127.0.0.1 port $PORT"* ]]
	run -2 "$LITDEX_BIN" --db "$SDB" serve --port 70000
	[[ "$output" == *"--port needs a number"* ]]
	run -2 "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/none.db" serve --port 0
	[[ "$output" == *"no index at"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
	run -2 "$LITDEX_BIN" --db "$SDB" serve --address not-an-address --port 0
	[[ "$output" == *"bad --address"* ]]
}

@test "a chosen port; SIGTERM and SIGINT stop the server cleanly" {
	local log="$BATS_TEST_TMPDIR/serve.log" port pid tries
	# a free port from a range, tried in turn
	for tries in $(seq 20); do
		port=$((18000 + RANDOM % 1000))
		"$LITDEX_BIN" --db "$SDB" serve --port "$port" >/dev/null 2>"$log" 3>&- &
		pid=$!
		for _ in $(seq 100); do
			grep -q '^litdex: serving' "$log" && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		grep -qx "litdex: serving http://127.0.0.1:$port/ (Ctrl-C to stop)" "$log" && break
		wait "$pid" 2>/dev/null
		pid=
	done
	[ -n "$pid" ]
	REQ_PORT=$port get '/api/search?q=ketamine'
	[ "$code" = 200 ]
	# `run` would wait in a subshell, which has no such child
	local st=0
	kill -TERM "$pid"
	wait "$pid" || st=$?
	[ "$st" -eq 0 ]
	grep -qx 'litdex: stopped' "$log"

	start_server "$log" "$SDB"
	kill -INT "$SRV_PID"
	wait "$SRV_PID" || st=$?
	[ "$st" -eq 0 ]
	grep -qx 'litdex: stopped' "$log"
}

@test "the page in headless Chromium (tests/browser/serve_test.sh)" {
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] ||
		skip "chromium is not installed (scripts/install-deps.sh installs it)"
	run "$LITDEX_ROOT/tests/browser/serve_test.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" != *"not ok"* ]]
}

@test "the index was opened read-only: not a byte of it changed" {
	get '/api/search?q=plasticity'
	[ "$code" = 200 ]
	[ "$(sha256sum "$SDB" | cut -d' ' -f1)" = "$(cat "$BATS_FILE_TMPDIR/before.sum")" ]
}

@test "after all that, SIGTERM stops the server cleanly, with no sanitizer report" {
	kill -TERM "$SRV_PID"
	for _ in $(seq 100); do
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.05
	done
	! kill -0 "$SRV_PID" 2>/dev/null
	cat "$SLOG"
	[ "$(tail -1 "$SLOG")" = "litdex: stopped" ]
	! grep -qE 'Sanitizer|runtime error' "$SLOG"
}
