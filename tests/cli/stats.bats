#!/usr/bin/env bats
# stats.bats: `litdex stats`: the figures match what was indexed, in text,
# tsv and jsonl, and nothing is written.

load helpers
bats_require_minimum_version 1.5.0

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	export IN="$BATS_FILE_TMPDIR/in"
	mkdir -p "$IN"
	cp "$FIX/five.xml" "$IN/five.xml"
	# two RIS records, one of them without a year
	cat >"$IN/two.ris" <<'RIS'
TY  - JOUR
TI  - Spine turnover in barrel cortex after whisker trimming
AU  - Lindqvist, Maja K.
T2  - Neuron
PY  - 2018
AB  - Spines were imaged for two weeks.
ER  - 

TY  - JOUR
TI  - Glial calcium waves in an undated note
AU  - Oduya, Samuel T.
T2  - Glia
AB  - Waves were seen.
ER  - 
RIS
	export T0=$(date +%s)
	"$LITDEX_BIN" --db "$SDB" index --quiet "$IN"
	export T1=$(date +%s)
}

st() {
	"$LITDEX_BIN" --db "$SDB" stats "$@"
}

# value NAME: the value of row NAME of `stats --format tsv`
value() {
	st --format tsv | awk -F'\t' -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }'
}

# search_count YEAR: how many papers search finds for that year
search_count() {
	"$LITDEX_BIN" --db "$SDB" search --year "$1" --format ids --limit 1000 | wc -l
}

@test "papers, files and records per format match what was indexed" {
	[ "$(value papers)" -eq 7 ]
	[ "$(value files)" -eq 2 ]
	[ "$(value records)" -eq 7 ]
	[ "$(value format.pubmed.files)" -eq 1 ]
	[ "$(value format.pubmed.records)" -eq 5 ]
	[ "$(value format.ris.files)" -eq 1 ]
	[ "$(value format.ris.records)" -eq 2 ]
}

@test "papers per year agree with search, unknown years included" {
	# five.xml: 2018 2012 2019 2021 2003; two.ris: 2018 and no year
	[ "$(value year.2018)" -eq 2 ]
	[ "$(value year.2012)" -eq 1 ]
	[ "$(value year.2019)" -eq 1 ]
	[ "$(value year.0)" -eq 1 ]
	local y n total=0
	while IFS=$'\t' read -r y n; do
		total=$((total + n))
		[ "${y#year.}" = 0 ] && continue
		[ "$n" -eq "$(search_count "${y#year.}")" ]
	done < <(st --format tsv | grep '^year\.')
	[ "$total" -eq 7 ]
}

@test "papers per journal" {
	[ "$(value journal.Neuron)" -eq 3 ]
	[ "$(value journal.Glia)" -eq 1 ]
	# the largest journal comes first
	[ "$(st --format tsv | grep -m1 '^journal\.' | cut -f1)" = "journal.Neuron" ]
}

@test "distinct terms: a paper with three new words adds exactly them and its PMID" {
	local before after
	ldx index --quiet "$FIX/five.xml"
	before=$(ldx stats --format tsv | awk -F'\t' '$1 == "terms" { print $2 }')
	[ "$before" -gt 20 ]
	# new tokens: zqxv, wrtp and plmk in the title, 900000502 in the ids
	# column; the year and the journal are already indexed
	article_xml 900000502 "Zqxv wrtp plmk" 2018 Neuron >"$BATS_TEST_TMPDIR/new.xml"
	ldx index --quiet "$BATS_TEST_TMPDIR/new.xml"
	after=$(ldx stats --format tsv | awk -F'\t' '$1 == "terms" { print $2 }')
	[ "$after" -eq $((before + 4)) ]
}

@test "sizes: the file's size, split into full-text index, records and free pages" {
	local file fts content free exact
	file=$(value file_bytes)
	[ "$file" -eq "$(stat -c %s "$SDB")" ]
	fts=$(value fts_bytes)
	content=$(value content_bytes)
	free=$(value free_bytes)
	[ "$fts" -gt 0 ]
	[ "$content" -gt 0 ]
	exact=$(value sizes_exact)
	if [ "$exact" -eq 1 ]; then
		[ $((fts + content + free)) -eq "$file" ]
		# the full-text index counts the ranking's copy of its column lengths
		[ "$fts" -eq "$(sqlite3 "$SDB" "SELECT sum(pgsize) FROM dbstat WHERE name GLOB 'papers_fts*' OR name = 'papers_doclen'")" ]
	else
		[ $((fts + content + free)) -le "$file" ]
	fi
	[ "$(value wal_bytes)" -eq 0 ]
}

@test "settings, schema version and the time of the last indexing" {
	[ "$(value setting.tokenizer)" = "litdex" ]
	[ "$(value setting.language)" = "english" ]
	[ -n "$(value setting.rank)" ]
	[ "$(value schema_version)" -ge 1 ]
	local t
	t=$(value last_indexed)
	[ "$t" -ge "$T0" ]
	[ "$t" -le "$T1" ]
}

@test "text: one line per figure for people" {
	run st
	[ "$status" -eq 0 ]
	[[ "$output" =~ Papers:\ +7 ]]
	[[ "$output" =~ Files:\ +2\ \(7\ records ]]
	[[ "$output" =~ Tokenizer:\ +litdex,\ stemming\ english ]]
	[[ "$output" =~ pubmed\ +5\ records\ from\ 1\ file ]]
	[[ "$output" =~ 3\ +Neuron ]]
	[[ "$output" =~ unknown\ +1 ]]
}

@test "jsonl: one JSON object with the same figures" {
	run st --format jsonl
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "{\"papers\":7,"*"}" ]]
	[[ "$output" == *"{\"format\":\"ris\",\"files\":1,\"records\":2}"* ]]
	[[ "$output" == *"{\"year\":null,\"papers\":1}"* ]]
	[[ "$output" == *"\"language\":\"english\""* ]]
	if command -v python3 >/dev/null; then
		printf '%s\n' "$output" | python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["papers"] == 7 and len(d["years"]) == 6, d'
	fi
}

@test "errors: an unknown format, an argument, no index" {
	run st --format xml
	[ "$status" -eq 2 ]
	run st extra
	[ "$status" -eq 2 ]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/none.db" stats
	[ "$status" -eq 2 ]
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
}

@test "stats never writes to the index" {
	local before after
	before=$(cksum <"$SDB")
	st >/dev/null
	st --format jsonl >/dev/null
	after=$(cksum <"$SDB")
	[ "$before" = "$after" ]
	[ ! -s "$SDB-wal" ]
}
