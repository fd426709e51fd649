#!/usr/bin/env bats
# extension.bats: the loadable SQLite extension (build/liblitdex.so) makes
# a litdex index searchable from the sqlite3 shell with the same matches,
# ranking and highlights as `litdex search`; and the C API example
# (examples/embed.c) works using only include/litdex.h.

load helpers

EXT="$LITDEX_ROOT/build/liblitdex"

setup_file() {
	export XDB="$BATS_FILE_TMPDIR/index.db"
	"$LITDEX_BIN" --db "$XDB" index --quiet "$FIX/five.xml" "$LITDEX_ROOT/corpus"
}

# The FTS5 expression litdex runs for a query, from --explain.
fts_of() {
	"$LITDEX_BIN" --db "$XDB" search --explain "$1" --all | sed -n 's/^fts5: *//p'
}

# Top ids through the sqlite3 shell and the extension.
shell_ids() {
	sqlite3 -cmd ".load $EXT" "$XDB" \
		"SELECT coalesce(nullif(p.pmid, ''), nullif(p.doi, ''), p.key)
		 FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
		 WHERE papers_fts MATCH '$(fts_of "$1" | sed "s/'/''/g")' ORDER BY rank LIMIT 10"
}

@test "the extension loads into the sqlite3 shell" {
	[ -f "$EXT.so" ] || skip "build/liblitdex.so is not built (run make)"
	run sqlite3 -cmd ".load $EXT" "$XDB" "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'ketamine'"
	[ "$status" -eq 0 ]
	[ "$output" -gt 10 ]
	# without it, the index cannot be searched from the shell
	run sqlite3 "$XDB" "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'ketamine'"
	[ "$status" -ne 0 ]
	[[ "$output" == *"no such tokenizer: litdex"* ]]
}

@test "the sqlite3 shell ranks exactly as litdex search for several queries" {
	[ -f "$EXT.so" ] || skip "build/liblitdex.so is not built (run make)"
	for q in 'homeostatic plasticity' ketamine '"synaptic scaling"' 'BDNF OR TrkB' \
	         'depression NOT review' 'title:ketamine' '5-HT2A' 'alpha-synuclein' 'plasticity[ti]'; do
		expected=$("$LITDEX_BIN" --db "$XDB" search "$q" --all --format ids --limit 10)
		got=$(shell_ids "$q")
		[ -n "$expected" ] || { echo "no hits for $q"; false; }
		[ "$got" = "$expected" ] || { echo "differs for $q:"; diff <(echo "$expected") <(echo "$got"); false; }
	done
}

@test "highlight and litdex_why work in the shell, with stemmed matches" {
	[ -f "$EXT.so" ] || skip "build/liblitdex.so is not built (run make)"
	run sqlite3 -cmd ".load $EXT" "$XDB" \
		"SELECT highlight(papers_fts, 0, '[', ']') FROM papers_fts
		 WHERE papers_fts MATCH 'plasticity' AND rowid = (SELECT id FROM papers WHERE pmid = '900000005')"
	[ "$output" = "[Plastic] debris on remote beaches" ]
	run sqlite3 -cmd ".load $EXT" "$XDB" \
		"SELECT litdex_why(papers_fts, 1.2, 0.75, 4, 1) FROM papers_fts
		 WHERE papers_fts MATCH 'plasticity' AND rowid = (SELECT id FROM papers WHERE pmid = '900000005')"
	[[ "$output" == "title "*"%: Plastic; abstract "*"%: Plastic" ]]
}

@test "the README's three SQL recipes run and agree with litdex" {
	[ -f "$EXT.so" ] || skip "build/liblitdex.so is not built (run make)"
	q() { sqlite3 -cmd ".load $EXT" "$XDB" "$1"; }
	# recipes from README.md "Using the index from SQL"
	readme=$(awk '/^```sql$/ { on = 1; next } /^```/ { on = 0 } on' "$LITDEX_ROOT/README.md")
	recipe() { awk -v n="$1" '/^-- [0-9]\./ { k++ } k == n && !/^--/' <<<"$readme"; }
	run q "$(recipe 1)"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | cut -d'|' -f2 | sed 's/\[\|\]//g')" = \
	  "$("$LITDEX_BIN" --db "$XDB" search '"homeostatic plasticity"' --journal Neuron --year 2015- \
	     --format tsv --fields title --no-header --limit 5)" ]
	[[ "$output" == *"[Homeostatic plasticity]"* ]]
	run q "$(recipe 2)"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr '|' '\t')" = \
	  "$("$LITDEX_BIN" --db "$XDB" search ketamine --all --facet year --format tsv)" ]
	run q "$(recipe 3)"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq "$("$LITDEX_BIN" --db "$XDB" search 'BDNF AND TrkB' --all --format ids | wc -l)" ]
	[[ "$output" == *"|"*"/corpus/"* ]]
}

@test "the C API example indexes a file and searches it through litdex.h alone" {
	[ -x "$LITDEX_ROOT/build/examples/embed" ] || skip "examples are not built (run make examples)"
	! grep -q '#include "' "$LITDEX_ROOT/examples/embed.c" || \
		[ "$(grep '#include "' "$LITDEX_ROOT/examples/embed.c")" = '#include "litdex.h"' ]
	run "$LITDEX_ROOT/build/examples/embed" "$BATS_TEST_TMPDIR/e.db" "$FIX/five.xml" ketamine
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "indexed 5 records from 1 file(s)" ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == 1$'\t'*$'\t'90000000[23]$'\t'Ketamine* ]]
	run "$LITDEX_ROOT/build/examples/embed" "$BATS_TEST_TMPDIR/e.db" "$FIX/five.xml" '(bad'
	[ "$status" -eq 2 ]
	[[ "$output" == *"unbalanced"* ]]
}
