#!/usr/bin/env bats
# search.bats: `litdex search`: query language, filters, ranking,
# output formats, colour and exit statuses.

load helpers

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	"$LITDEX_BIN" --db "$SDB" index --quiet "$FIX/five.xml"
}

s() {
	"$LITDEX_BIN" --db "$SDB" search "$@"
}

@test "bare words are ANDed" {
	run s "ketamine BDNF" --format ids
	[ "$status" -eq 0 ]
	[ "$output" = "900000002" ]
}

@test "stemming: plasticity finds plastic, synapse finds synapses" {
	run s plasticity --format ids
	[ "$status" -eq 0 ]
	[[ "$output" == *900000001* ]]
	[[ "$output" == *900000005* ]]
	run s synapse --format ids
	[ "$output" = "900000001" ]
}

@test "a phrase matches as a phrase" {
	run s '"homeostatic plasticity"' --format ids
	[ "$output" = "900000001" ]
	run s '"plasticity homeostatic"' --format ids
	[ "$status" -eq 1 ]
}

@test "OR, NOT and parentheses" {
	run s 'ketamine NOT review' --format ids
	[ "$output" = "900000002" ]
	run s 'plastic OR serotonin' --format ids
	[ "${#lines[@]}" -eq 3 ]
	run s 'ketamine AND (BDNF OR TrkB)' --format ids
	[ "$output" = "900000002" ]
}

@test "prefix queries" {
	run s 'keta*' --format ids
	[ "${#lines[@]}" -eq 2 ]
}

@test "field prefixes limit a term to one field" {
	run s 'title:review' --format ids
	[ "$output" = "900000003" ]
	run s 'abstract:plasticity' --format ids
	[ "$output" = "900000005" ]
	run s 'mesh:ketamine' --format ids
	[ "$output" = "900000003" ]
	run s 'author:okafor' --format ids
	[ "${#lines[@]}" -eq 2 ]
}

@test "biomedical variants find each other" {
	for q in 5-HT2A 5HT2A '"5 HT2A"' covid19 COVID-19 il6 IL-6 alpha-synuclein α-synuclein "Alzheimer's" alzheimer; do
		run s "$q" --format ids
		[ "$status" -eq 0 ] || { echo "no match for $q"; false; }
		[ "$output" = "900000004" ] || { echo "wrong match for $q: $output"; false; }
	done
}

@test "diacritics fold: muller finds Müller" {
	run s 'author:muller' --format ids
	[ "$output" = "900000004" ]
}

@test "hyphenated terms match as phrases" {
	run s 'treatment-resistant' --format ids
	[ "$output" = "900000003" ]
	run s 'resistant-treatment' --format ids
	[ "$status" -eq 1 ]
}

@test "a title match ranks above an abstract match" {
	# "stable" is in 900000001's title, "town" in 900000005's abstract
	run s 'stable OR town' --format ids
	[ "${lines[0]}" = "900000001" ]
	[ "${lines[1]}" = "900000005" ]
	run s 'town OR stable' --format ids
	[ "${lines[0]}" = "900000001" ]
}

@test "--journal matches the full title or ISO abbreviation, any case" {
	run s ketamine --journal neuron --format ids
	[ "$output" = "900000002" ]
	run s ketamine --journal 'mol psychiatry' --format ids
	[ "$output" = "900000003" ]
	run s ketamine --journal 'MOLECULAR PSYCHIATRY' --format ids
	[ "$output" = "900000003" ]
}

@test "--year takes a year, a range and open ranges" {
	run s ketamine --year 2019 --format ids
	[ "$output" = "900000003" ]
	run s ketamine --year 2010-2015 --format ids
	[ "$output" = "900000002" ]
	run s ketamine --year 2015- --format ids
	[ "$output" = "900000003" ]
	run s ketamine --year -2012 --format ids
	[ "$output" = "900000002" ]
	run s ketamine --year 2020-2010
	[ "$status" -eq 2 ]
	[[ "$output" == *"bad --year '2020-2010'"* ]]
}

@test "--author matches a last name or a full name, and collective names" {
	run s ketamine --author okafor --format ids
	[ "$output" = "900000002" ]
	run s plasticity --author 'Ferrand L' --format ids
	[ "$output" = "900000001" ]
	run s ketamine --author 'Depression Trials Consortium' --format ids
	[ "$output" = "900000003" ]
}

@test "filters without a query list papers newest first" {
	run s --journal Neuron --format ids
	[ "${lines[0]}" = "900000001" ]
	[ "${lines[1]}" = "900000002" ]
}

@test "--limit and --offset page the results" {
	all=$(s 'ketamine OR plastic' --format ids)
	run s 'ketamine OR plastic' --format ids --limit 2
	[ "${#lines[@]}" -eq 2 ]
	[ "$output" = "$(echo "$all" | head -2)" ]
	run s 'ketamine OR plastic' --format ids --limit 2 --offset 2
	[ "$output" = "$(echo "$all" | sed -n 3,4p)" ]
}

@test "tsv has a documented header and stable columns" {
	run s ketamine --format tsv --journal Neuron
	[ "${lines[0]}" = $'rank\tscore\tkey\tpmid\tdoi\tyear\tjournal\ttitle' ]
	# tabs are IFS whitespace to read, which would merge empty fields: use cut
	field() { cut -f"$1" <<<"${lines[1]}"; }
	rank=$(field 1) score=$(field 2) key=$(field 3) pmid=$(field 4) doi=$(field 5)
	year=$(field 6) journal=$(field 7) title=$(field 8)
	[ "$key" = 900000002 ]
	[ -z "$doi" ]
	[ "$rank" = 1 ]
	[[ "$score" =~ ^[0-9]+\.[0-9]{4}$ ]]
	[ "$pmid" = 900000002 ]
	[ "$year" = 2012 ]
	[ "$journal" = Neuron ]
	[ "$title" = "Ketamine blocks NMDA receptors at rest and releases BDNF translation" ]
	run s ketamine --format tsv --no-header --journal Neuron
	[ "${#lines[@]}" -eq 1 ]
}

@test "jsonl gives one object per line with the snippet and matches" {
	run s ketamine --format jsonl --journal Neuron
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == '{"rank":1,"score":'* ]]
	[[ "$output" == *'"pmid":"900000002"'* ]]
	[[ "$output" == *'"year":2012'* ]]
	[[ "$output" == *'"authors":["Okafor DA"]'* ]]
	[[ "$output" == *'"snippet":"A single low dose of ketamine produced'* ]]
	[[ "$output" == *'"matches":["Ketamine"]'* || "$output" == *'"matches":["Ketamine","ketamine"]'* ]]
	[[ "$output" != *$'\x02'* ]]
}

@test "text output highlights matches in colour, stemmed words too" {
	run s plasticity --color=always --journal 'mar pollut bull'
	[[ "$output" == *$'\033[1;31m'"Plastic"$'\033[0m'* ]]
	run s plasticity --color=never
	[[ "$output" != *$'\033'* ]]
	[[ "$output" == *"Homeostatic plasticity keeps cortical firing stable"* ]]
}

@test "NO_COLOR turns colour off unless it is forced" {
	NO_COLOR=1 run s plasticity
	[[ "$output" != *$'\033'* ]]
	NO_COLOR=1 run s plasticity --color=always
	[[ "$output" == *$'\033'* ]]
}

@test "exit status: 0 on a match, 1 on none, 2 on a bad query" {
	run s ketamine
	[ "$status" -eq 0 ]
	run s zebrafish
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	run s '(ketamine'
	[ "$status" -eq 2 ]
}

@test "a malformed query gets a message with its position" {
	run s 'ketamine AND (BDNF OR'
	[ "$status" -eq 2 ]
	[[ "$output" == *"bad query:"*"position"* ]]
	run s '"unterminated phrase'
	[ "$status" -eq 2 ]
	[[ "$output" == *"position 1"* ]]
}

@test "SQL and FTS5 metacharacters never reach SQL as text" {
	for q in "'; DROP TABLE papers; --" '^ketamine' 'title:' 'NEAR(ketamine' 'ketamine:' '*' '"' ')' 'a"b' 'col:ketamine'; do
		run s "$q" --format ids
		[ "$status" -le 2 ] || { echo "status $status for $q"; false; }
		[[ "$output" != *"syntax error"* ]] || { echo "$output"; false; }
		[[ "$output" != *"fts5:"* ]] || { echo "$output"; false; }
	done
	run s ketamine --format ids
	[ "$status" -eq 0 ]
}

@test "a missing index says how to create one" {
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/none.db" search ketamine
	[ "$status" -eq 2 ]
	[[ "$output" == *"no index at '$BATS_TEST_TMPDIR/none.db'"*"litdex index"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
}

@test "the index path comes from --db, then LITDEX_DB, then the data directory" {
	LITDEX_DB="$SDB" run "$LITDEX_BIN" search ketamine --format ids
	[ "$status" -eq 0 ]
	HOME="$BATS_TEST_TMPDIR/home" XDG_DATA_HOME= run "$LITDEX_BIN" search ketamine
	[ "$status" -eq 2 ]
	[[ "$output" == *"$BATS_TEST_TMPDIR/home/.local/share/litdex/index.db"* ]]
	XDG_DATA_HOME="$BATS_TEST_TMPDIR/xdg" run "$LITDEX_BIN" index -q "$FIX/five.xml"
	[ "$status" -eq 0 ]
	[ -f "$BATS_TEST_TMPDIR/xdg/litdex/index.db" ]
}

@test "search never writes to the index" {
	cp "$SDB" "$BATS_TEST_TMPDIR/ro.db"
	chmod 444 "$BATS_TEST_TMPDIR/ro.db"
	sum=$(md5sum < "$BATS_TEST_TMPDIR/ro.db")
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/ro.db" search ketamine --format ids
	[ "$status" -eq 0 ]
	[ "$(md5sum < "$BATS_TEST_TMPDIR/ro.db")" = "$sum" ]
}

@test "help and version" {
	run "$LITDEX_BIN" --version
	[[ "$output" == "litdex "[0-9]* ]]
	run "$LITDEX_BIN" search --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--journal"*"examples:"* ]]
	run "$LITDEX_BIN" frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"'frobnicate' is not a litdex command"* ]]
}
