#!/usr/bin/env bats
# hostile.bats: hostile inputs and queries.  Every bad input is made here,
# in the test's own folder, and indexed together with fixtures/five.xml:
# litdex must report it in one "litdex: ..." line naming the file, exit 3,
# not crash, keep within 60 s and a memory bound (rel_mem_limit_mb), read
# no external entity, and still index the five good records.

load helpers
load rel-helpers

T() { echo "$BATS_TEST_TMPDIR"; }

# the start and end of a PubMed document around one article's title
xml_head() {
	printf '<?xml version="1.0"?>\n%s<PubmedArticleSet><PubmedArticle><MedlineCitation>' "${1:-}"
	printf '<PMID>900000777</PMID><Article><Journal><Title>Hostile</Title></Journal><ArticleTitle>'
}
xml_tail() {
	printf '</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n'
}

# nothing from /etc/passwd may reach the index or any output
assert_no_passwd_leak() {
	local out
	out=$(sqlite3 "$DB" "SELECT count(*) FROM papers WHERE title LIKE '%root:%' \
		OR abstract LIKE '%root:%' OR title LIKE '%/bin/%'")
	[ "$out" = 0 ]
	out=$("$LITDEX_BIN" --db "$DB" search root --format jsonl 2>&1 || true)
	[[ "$out" != *"root:"* ]]
	out=$("$LITDEX_BIN" --db "$DB" show 900000777 2>&1 || true)
	[[ "$out" != *"root:"* ]]
	[[ "$out" != *"/bin/"* ]]
}

# ---- XML ---------------------------------------------------------------

@test "external entities (file:// and http://) are never read" {
	f="$(T)/xxe.xml"
	{
		xml_head '<!DOCTYPE PubmedArticleSet [
<!ENTITY xxe SYSTEM "file:///etc/passwd">
<!ENTITY web SYSTEM "http://127.0.0.1:9/evil.txt">
]>'
		printf 'Leak &xxe; and &web; here'
		xml_tail
	} > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	# a document with an unexpanded entity may be indexed or reported
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$f" "$output"
	[[ "$output" != *"root:"* ]]
	rel_assert_five
	assert_no_passwd_leak
}

@test "an external DTD and parameter entities are never fetched" {
	command -v python3 >/dev/null || skip "python3 is needed for the listening server"
	log="$(T)/requests.log"
	: > "$log"
	# a local HTTP server that logs every request it gets
	python3 -c '
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(sys.argv[1], "a").write(self.path + "\n")
        self.send_response(200); self.end_headers()
        self.wfile.write(b"<!ENTITY leak \"root:x:0:0\">")
    def log_message(self, *a): pass
s = socketserver.TCPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()' "$log" "$(T)/port" &
	server=$!
	for _ in $(seq 50); do [ -s "$(T)/port" ] && break; sleep 0.1; done
	port=$(cat "$(T)/port")
	f="$(T)/dtd.xml"
	{
		xml_head "<!DOCTYPE PubmedArticleSet SYSTEM \"http://127.0.0.1:$port/pubmed.dtd\" [
<!ENTITY % remote SYSTEM \"http://127.0.0.1:$port/param.dtd\">
%remote;
<!ENTITY passwd SYSTEM \"file:///etc/passwd\">
]>"
		printf 'A title &passwd; &leak;'
		xml_tail
	} > "$f"
	run rel_index_with_five "$f"
	kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$f" "$output"
	if [ -s "$log" ]; then
		echo "litdex fetched: $(cat "$log")" >&2
		false
	fi
	rel_assert_five
	assert_no_passwd_leak
}

@test "billion laughs is refused quickly" {
	f="$(T)/lol.xml"
	{
		printf '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY lol "lol">\n'
		prev=lol
		for i in 1 2 3 4 5 6 7 8 9 10; do
			printf '<!ENTITY lol%d "%s">\n' "$i" "$(printf "&$prev;%.0s" 1 2 3 4 5 6 7 8 9 10)"
			prev=lol$i
		done
		printf ']>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>900000777</PMID>'
		printf '<Article><ArticleTitle>&lol10;</ArticleTitle><Abstract><AbstractText>&lol10;'
		printf '</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n'
	} > "$f"
	start=$SECONDS
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	[ $((SECONDS - start)) -le 10 ]
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$f" "$output"
	rel_assert_five
	# never expanded: no stored field holds the laughs
	n=$(sqlite3 "$DB" "SELECT count(*) FROM papers WHERE title LIKE '%lollol%' OR abstract LIKE '%lollol%'")
	[ "$n" = 0 ]
}

@test "elements nested 100,000 deep" {
	f="$(T)/deep.xml"
	{
		xml_head
		yes '<i>' | head -n 100000 | tr -d '\n'
		yes '</i>' | head -n 100000 | tr -d '\n'
		xml_tail
	} > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 3
	rel_assert_named_error "$f" "$output"
	rel_assert_five
}

@test "a 200 MB single-line XML file" {
	f="$(T)/huge.xml"
	{
		xml_head
		head -c 200000000 /dev/zero | tr '\0' 'a'
		xml_tail
	} > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$f" "$output"
	rel_assert_five
	# if the record was kept, its title was cut to the 64 KiB limit
	n=$(sqlite3 "$DB" "SELECT coalesce(max(length(CAST(title AS BLOB))), 0) FROM papers")
	[ "$n" -le 65536 ]
}

@test "a 200 MB single-line RIS file" {
	f="$(T)/huge.ris"
	{
		printf 'TY  - JOUR\nTI  - '
		head -c 200000000 /dev/zero | tr '\0' 'b'
		printf '\nER  - \n'
	} > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 3
	rel_assert_named_error "$f" "$output"
	rel_assert_five
}

@test "invalid UTF-8 inside an XML field" {
	f="$(T)/badutf8.xml"
	{ xml_head; printf 'Bad \xff\xfe bytes \xc3\x28 here'; xml_tail; } > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$f" "$output"
	rel_assert_five
	# whatever was stored is valid UTF-8
	sqlite3 "$DB" "SELECT coalesce(title, '') FROM papers" | iconv -f UTF-8 -t UTF-8 >/dev/null
}

@test "a NUL byte inside an XML field is fatal for that file" {
	f="$(T)/nul.xml"
	{ xml_head; printf 'Before\0after'; xml_tail; } > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 3
	rel_assert_named_error "$f" "$output"
	rel_assert_five
}

@test "NUL bytes and invalid UTF-8 inside a RIS file" {
	f="$(T)/bad.ris"
	printf 'TY  - JOUR\nTI  - Null \0 inside \xff\xfe title\nAB  - Bad \xc3\x28 abstract\0\nPY  - 2019\nER  - \n' > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$f" "$output"
	rel_assert_five
	sqlite3 "$DB" "SELECT coalesce(title, '') || coalesce(abstract, '') FROM papers" |
		iconv -f UTF-8 -t UTF-8 >/dev/null
	n=$(sqlite3 "$DB" "SELECT count(*) FROM papers WHERE instr(CAST(title AS BLOB), x'00') > 0 \
		OR instr(CAST(abstract AS BLOB), x'00') > 0")
	[ "$n" = 0 ]
}

@test "invalid UTF-8 in a RIS field is stored as U+FFFD" {
	f="$(T)/utf8.ris"
	printf 'TY  - JOUR\nTI  - Broken \xff\xfe title \xc3\x28 here\nPY  - 2019\nER  - \n' > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0
	rel_assert_five
	title=$(sqlite3 "$DB" "SELECT title FROM papers WHERE title LIKE 'Broken%'")
	[[ "$title" == *$'\xef\xbf\xbd'* ]]
	printf '%s' "$title" | iconv -f UTF-8 -t UTF-8 >/dev/null
}

@test "a 10 MB title (XML and RIS)" {
	x="$(T)/bigtitle.xml"
	{ xml_head; head -c 10485760 /dev/zero | tr '\0' 't'; xml_tail; } > "$x"
	r="$(T)/bigtitle.ris"
	{ printf 'TY  - JOUR\nTI  - '; head -c 10485760 /dev/zero | tr '\0' 'r'; printf '\nPY  - 2020\nER  - \n'; } > "$r"
	run rel_index_with_five "$x" "$r"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0 3
	if [ "$status" -eq 3 ]; then
		[[ "$output" == *"$x"* || "$output" == *"$r"* ]]
	fi
	rel_assert_five
	n=$(sqlite3 "$DB" "SELECT coalesce(max(length(CAST(title AS BLOB))), 0) FROM papers")
	[ "$n" -le 65536 ]
	rel_check
}

# ---- Not papers at all ---------------------------------------------------

@test "a PDF named paper.xml" {
	f="$(T)/paper.xml"
	{
		printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n'
		LC_ALL=C awk 'BEGIN { srand(42); for (i = 0; i < 200000; i++) printf "%c", int(rand() * 256) }'
	} > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 3
	rel_assert_named_error "$f" "$output"
	rel_assert_five
	[ "$(rel_count)" = 5 ]
}

@test "a PNG named x.ris" {
	f="$(T)/x.ris"
	{
		printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR'
		LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 100000; i++) printf "%c", int(rand() * 256) }'
	} > "$f"
	run rel_index_with_five "$f"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 3
	rel_assert_named_error "$f" "$output"
	rel_assert_five
	[ "$(rel_count)" = 5 ]
}

# ---- The file system -----------------------------------------------------

@test "a symbolic link loop in an indexed folder" {
	d="$(T)/top/papers"
	mkdir -p "$d"
	cp "$FIX/five.xml" "$d/five.xml"
	ln -s .. "$d/loop"
	run rel_bounded "$LITDEX_BIN" --db "$DB" index "$(T)/top"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 3
	rel_assert_named_error "$d/loop" "$output"
	rel_assert_five
	[ "$(rel_count)" = 5 ]
}

@test "a FIFO with no writer in an indexed folder does not hang the run" {
	d="$(T)/withfifo"
	mkdir -p "$d"
	cp "$FIX/five.xml" "$d/five.xml"
	mkfifo "$d/pipe.xml"
	run rel_bounded "$LITDEX_BIN" --db "$DB" index "$d"
	rel_assert_bounds "$status"
	rel_assert_status "$status" 0 3
	[ "$status" -eq 0 ] || rel_assert_named_error "$d/pipe.xml" "$output"
	rel_assert_five
}

@test "an unreadable file (chmod 000)" {
	# root reads anything, so as root the run is made as the user nobody
	# (setpriv), in a folder of its own that nobody may use
	as=()
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "running as root and setpriv is absent"
		as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	d=$(mktemp -d /tmp/litdex-rel-XXXXXX)
	chmod 755 "$d"
	mkdir "$d/db" && chmod 777 "$d/db"
	cp "$FIX/five.xml" "$d/five.xml" && chmod 644 "$d/five.xml"
	printf 'secret\n' > "$d/locked.xml"
	chmod 000 "$d/locked.xml"
	run timeout 60 "${as[@]}" "$LITDEX_BIN" --db "$d/db/index.db" index "$d/locked.xml" "$d/five.xml"
	DB="$d/db/index.db" rel_assert_five || { rm -rf "$d"; false; }
	rm -rf "$d"
	rel_assert_status "$status" 3
	rel_assert_named_error "$d/locked.xml" "$output"
	[[ "$output" == *"ermission denied"* ]]
}

# ---- Hostile queries ------------------------------------------------------

# Runs one query against the five-record index: it either works (0 or 1)
# or is a bad query (2, "bad query"), never an SQLite or FTS5 error.
query_ok() {
	run timeout 60 "$LITDEX_BIN" --db "$DB" search "$1"
	if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
		if [ "$status" -ne 2 ] || [[ "$output" != *"bad query"* ]]; then
			echo "query '${1:0:80}': status $status: ${output:0:500}" >&2
			return 1
		fi
	fi
	local low=${output,,}
	for word in sqlite fts5 "syntax error" "sql logic" "no such column" "malformed match" \
	            "unterminated string" "database"; do
		if [[ "$low" == *"$word"* ]]; then
			echo "query '${1:0:80}' leaked '$word': ${output:0:500}" >&2
			return 1
		fi
	done
}

@test "hostile queries are answered or refused as bad queries" {
	index_five
	before=$(rel_count)
	for q in "'; DROP TABLE papers; --" '"' '*' '^' ':' 'NEAR(' ')' '(' 'title:' \
	         '"ketamine' 'ketamine)' 'NEAR(a b, -1)' 'AND' 'OR OR' 'NOT ketamine' \
	         '"" OR ""' 'title:(' "x'y" '\' '-' '{' '}' '[' ']' '[ti]' 'a[xx]' \
	         '1900:9999[dp]' 'ketamine~' '"a b"~99999999999' $'tab\there' \
	         'rowid' 'papers_fts' 'ketamine AND' ':ketamine' '**' 'a*b*'; do
		query_ok "$q"
	done
	# a NUL byte cannot be passed in argv, so there is no NUL query case
	[ "$(rel_count)" = "$before" ]
	rel_assert_five
	rel_check
}

@test "a query of 10,000 terms, 10,000 ORs and 10,000 parentheses" {
	index_five
	before=$(rel_count)
	many=$(seq -f 'term%g' 1 10000 | tr '\n' ' ')
	query_ok "$many"
	ors=$(seq -f 'w%g' 1 10000 | paste -sd'|' | sed 's/|/ OR /g')
	query_ok "$ors"
	# deep nesting must not overflow a recursive parser's stack
	deep="$(printf '(%.0s' $(seq 10000))ketamine$(printf ')%.0s' $(seq 10000))"
	query_ok "$deep"
	open="$(printf '(%.0s' $(seq 30000))"
	query_ok "$open"
	[ "$(rel_count)" = "$before" ]
	rel_check
}
