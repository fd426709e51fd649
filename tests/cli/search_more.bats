#!/usr/bin/env bats
# search_more.bats: relaxed matching, suggestions, --explain, --facet,
# --sort, --why, --log, --queries, option suggestions, save/new,
# check/rebuild, and the golden text output with colour forced on.

load helpers

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	"$LITDEX_BIN" --db "$SDB" index --quiet "$FIX/five.xml"
}

s() {
	"$LITDEX_BIN" --db "$SDB" search --no-pager "$@"
}

@test "no paper with every word: say so and show papers with some of them" {
	run s 'ketamine zebrafish' --format ids
	[ "$status" -eq 0 ]
	[[ "$output" == *"no paper matches every word of 'ketamine zebrafish'"* ]]
	[[ "$output" == *900000002* ]]
	[[ "$output" == *900000003* ]]
}

@test "--all turns relaxing off; --any ORs from the start" {
	run s 'ketamine zebrafish' --all --format ids
	[ "$status" -eq 1 ]
	[[ "$output" != *"no paper matches"* ]]
	run s 'ketamine serotonin' --any --format ids
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" != *"no paper matches"* ]]
	run s x --all --any
	[ "$status" -eq 2 ]
}

@test "relaxing keeps required filters: a year tag stays required" {
	run s 'ketamine zebrafish 2012[dp]' --format ids
	[ "$status" -eq 0 ]
	[[ "$output" == *900000002* ]]
	[[ "$output" != *900000003* ]]
}

@test "a word with no match gets a did-you-mean from the index vocabulary" {
	run s 'ketamne' --all
	[ "$status" -eq 1 ]
	[[ "$output" == *"did you mean: ketamine?"* ]]
	run s 'plasticty homeostatic' --format ids
	[[ "$output" == *"did you mean: plasticity?"* ]]
}

@test "--explain shows fields, stems, the FTS5 expression and the filters" {
	run s --explain '"homeostatic plasticity"[tiab] NOT review[pt]' --journal Neuron --year 2015-
	[ "$status" -eq 0 ]
	[[ "$output" == *'phrase "homeostatic plasticity" in title, abstract (homeostatic plasticity -> homeostat plastic)'* ]]
	[[ "$output" == *'not: term "review" in publication type'* ]]
	[[ "$output" == *'fts5:     {title abstract} : "homeostatic plasticity" NOT pub_types : "review"'* ]]
	[[ "$output" == *"journal is 'Neuron'"* ]]
	[[ "$output" == *"year 2015 or later"* ]]
	run s --explain '(ketamine'
	[ "$status" -eq 2 ]
}

@test "PubMed tags, date ranges and proximity work end to end" {
	run s 'okafor[au]' --format ids
	[ "${#lines[@]}" -eq 2 ]
	run s 'ketamine 2015:2020[dp]' --format ids
	[ "$output" = 900000003 ]
	run s 'mol psychiatry[ta]' --format ids
	[ "$output" = 900000003 ]
	run s '"ketamine BDNF"~8' --format ids --all
	[ "$output" = 900000002 ]
	run s '"ketamine BDNF"~1' --format ids --all
	[ "$status" -eq 1 ]
	run s 'NEAR(ketamine TrkB, 20)' --format ids --all
	[ "$output" = 900000002 ]
	run s 'review[pt]' --format ids
	[ "$output" = 900000003 ]
	run s '900000004[pmid]' --format ids
	[ "$output" = 900000004 ]
	run s 'ketamine[xy]'
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown field tag"* ]]
}

@test "--facet year draws a histogram on a terminal and plain counts for tsv and jsonl" {
	run s 'ketamine OR plastic' --facet year --format tsv
	[ "$status" -eq 0 ]
	[ "$output" = $'2003\t1\n2012\t1\n2018\t1\n2019\t1' ]
	run s 'ketamine OR plastic' --facet year
	[[ "$output" == *"2012 █"*" 1"* ]]
	[[ "$output" == *"2015  0"* ]]
	run s ketamine --facet journal --format jsonl
	[[ "$output" == *'{"value":"Mol Psychiatry","count":1}'* ]]
	run s 'ketamine OR serotonin' --facet author --format tsv
	[[ "$output" == *$'Okafor DA\t1'* ]]
	run s ketamine --facet mesh --format tsv
	[ "$output" = $'Depressive Disorder, Treatment-Resistant\t1\nKetamine\t1' ]
	run s ketamine --facet colour
	[ "$status" -eq 2 ]
}

@test "--sort year and date" {
	run s 'ketamine OR plastic OR serotonin' --sort year --format tsv --fields year --no-header
	[ "$output" = $'2021\n2019\n2018\n2012\n2003' ]
	run s ketamine --sort date --format ids
	[ "${#lines[@]}" -eq 2 ]
	run s ketamine --sort upside-down
	[ "$status" -eq 2 ]
}

@test "--why tells which words matched in which fields" {
	run s 'homeostatic plasticity' --why --format jsonl
	[[ "$output" == *'"why":"title '*'%: Homeostatic, plasticity'* ]]
	run s 'homeostatic plasticity' --why --color=never
	[[ "$output" == *"why: title "* ]]
}

@test "--log appends the date, query, translation, filters, index size and hits" {
	log="$BATS_TEST_TMPDIR/search.log"
	s ketamine --journal Neuron --log "$log" >/dev/null
	s 'ketamine OR plastic' --log "$log" >/dev/null
	[ "$(wc -l < "$log")" -eq 3 ]
	[ "$(head -1 "$log")" = $'date\tquery\ttranslation\tfilters\tmatch\trecords_in_index\thits' ]
	IFS= read -r line < <(sed -n 2p "$log")
	[[ "$line" =~ ^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]+Z$'\t'ketamine$'\t''"ketamine"'$'\t'journal=Neuron$'\t'all$'\t'5$'\t'1$ ]]
	[[ "$(sed -n 3p "$log")" == *$'\t'5$'\t'4 ]]
}

@test "--queries runs one query per line, with or without a qid" {
	printf 'q1\tketamine\n\n# a comment\nplastic\n' > "$BATS_TEST_TMPDIR/q.txt"
	run s --queries "$BATS_TEST_TMPDIR/q.txt" --format trec
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | awk '{print $1}' | sort | uniq -c | tr -s ' ' | sed 's/^ //' | tr '\n' ' ')" = "2 4 2 q1 " ]
	[[ "${lines[0]}" =~ ^q1\ Q0\ 90000000[23]\ 1\ [0-9.]+\ litdex$ ]]
	run s --queries "$BATS_TEST_TMPDIR/nope.txt"
	[ "$status" -eq 2 ]
	run s ketamine --queries "$BATS_TEST_TMPDIR/q.txt"
	[ "$status" -eq 2 ]
}

@test "a bad line in --queries is reported and the rest still run" {
	printf 'a\t(ketamine\nb\tplastic\n' > "$BATS_TEST_TMPDIR/q.txt"
	run s --queries "$BATS_TEST_TMPDIR/q.txt" --format trec
	[ "$status" -eq 2 ]
	[[ "$output" == *"q.txt:1: query 'a' skipped"* ]]
	[[ "$output" == *"b Q0 900000005 1 "* ]]
}

@test "unknown options get a suggestion" {
	run s ketamine --jornal Neuron
	[ "$status" -eq 2 ]
	[ "$output" = "litdex: search: unknown option '--jornal'; did you mean '--journal'?" ]
	run "$LITDEX_BIN" --db "$SDB" index --no-prnue x
	[[ "$output" == *"did you mean '--no-prune'?"* ]]
	run s ketamine --limit
	[[ "$output" == *"option '--limit' needs a value"* ]]
}

@test "save and new: papers added since the saved search last ran" {
	cp "$SDB" "$BATS_TEST_TMPDIR/alert.db"
	a() { "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/alert.db" "$@"; }
	run a save dendrites 'dendrite OR dendritic' --year 2000-
	[ "$status" -eq 0 ]
	run a new dendrites
	[ "$status" -eq 1 ]
	[[ "$output" == *"no new papers for 'dendrites'"* ]]
	article_xml 900000501 "Dendritic spikes in layer 5" 2020 "Neuron" > "$BATS_TEST_TMPDIR/n.xml"
	article_xml 900000502 "Dendritic spines in 1990" 1990 "Neuron" > "$BATS_TEST_TMPDIR/o.xml"
	a index -q "$BATS_TEST_TMPDIR/n.xml" "$BATS_TEST_TMPDIR/o.xml"
	run a new dendrites --format ids
	[ "$status" -eq 0 ]
	[ "$output" = 900000501 ]
	run a new dendrites --format ids
	[ "$status" -eq 1 ]
	run a new nothing-saved
	[ "$status" -eq 2 ]
	[[ "$output" == *"no saved search 'nothing-saved'"* ]]
	run a save broken '(x'
	[ "$status" -eq 2 ]
}

@test "check passes on a sound index and finds a damaged FTS5 index; rebuild repairs it" {
	cp "$SDB" "$BATS_TEST_TMPDIR/c.db"
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/c.db" check
	[ "$status" -eq 0 ]
	[[ "$output" == "ok: "* ]]
	# change stored text behind FTS5's back, as a careless sqlite3 session would
	sqlite3 "$BATS_TEST_TMPDIR/c.db" "UPDATE papers SET title = 'zzz' WHERE pmid = '900000001';"
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/c.db" check
	[ "$status" -eq 2 ]
	[[ "$output" == *"fts5: the full-text index does not match"* ]]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/c.db" rebuild
	[ "$status" -eq 0 ]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/c.db" check
	[ "$status" -eq 0 ]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/c.db" search zzz --format ids
	[ "$output" = 900000001 ]
}

@test "check finds a damaged copy of the column lengths; searches rank as before; rebuild repairs it" {
	cp "$SDB" "$BATS_TEST_TMPDIR/d.db"
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/d.db" search 'plasticity OR synapses' --format jsonl
	[ "$status" -eq 0 ]
	sound=$output
	sqlite3 "$BATS_TEST_TMPDIR/d.db" "UPDATE papers_doclen SET lens = zeroblob(14336) WHERE block = 0;"
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/d.db" check
	[ "$status" -eq 2 ]
	[[ "$output" == *"papers_doclen: 1 rows of column lengths do not match the full-text index"* ]]
	# a zeroed paper reads as "no lengths here": litdex_rank asks FTS5
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/d.db" search 'plasticity OR synapses' --format jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "$sound" ]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/d.db" rebuild
	[ "$status" -eq 0 ]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/d.db" check
	[ "$status" -eq 0 ]
	[[ "$output" == "ok: "*"column lengths passed" ]]
}

@test "golden text output with colour forced on" {
	run s '"homeostatic plasticity"' --color=always
	expected=$'\033[2m  1.\033[0m \033[1m\033[1;31mHomeostatic plasticity\033[0m\033[1m keeps cortical firing stable\033[0m\n     \033[32m2018 · Neuron\033[0m  PMID 900000001\n     \033[2mFerrand L; Okafor DA\033[0m\n     BACKGROUND: Neurons adjust their synaptic strength when activity drifts. RESULTS: Blocking activity for two days scaled up excitatory synapses in a multiplicative way.'
	[ "$output" = "$expected" ]
}
