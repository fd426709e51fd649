#!/usr/bin/env bats
# similar.bats: `litdex similar KEY` on the sample corpus: related papers
# first, never the paper itself, the search filters and formats, exit
# statuses, and that nothing is written.

load helpers
bats_require_minimum_version 1.5.0

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	"$LITDEX_BIN" --db "$SDB" index --quiet "$LITDEX_ROOT/corpus"
	# the review "From set points to symptoms: homeostatic plasticity and
	# the pathophysiology of mood disorders" (no PMID: keyed by title)
	SEED=$("$LITDEX_BIN" --db "$SDB" search 'title:"set points to symptoms"' \
		--format tsv --fields key --no-header)
	export SEED
}

sim() {
	"$LITDEX_BIN" --db "$SDB" similar "$@"
}

@test "the seed paper is found once" {
	[ -n "$SEED" ]
	[ "$(printf '%s\n' "$SEED" | wc -l)" -eq 1 ]
}

@test "papers like a homeostatic-plasticity review: homeostatic and synaptic ones first" {
	run sim "$SEED" --format tsv --fields title,abstract --no-header --limit 5
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	for i in 0 1 2 3; do
		echo "${lines[$i]}" | grep -qiE 'homeosta|synap'
	done
}

@test "every homeostatic paper ranks above every paper on another kind of plasticity" {
	run sim "$SEED" --format tsv --fields title --no-header --limit 1000
	[ "$status" -eq 0 ]
	local last_homeo first_other
	last_homeo=$(printf '%s\n' "$output" | grep -n -i 'homeostatic' | tail -1 | cut -d: -f1)
	first_other=$(printf '%s\n' "$output" | grep -n -iE 'daphnia|melanoma|microplastic|schwann' |
		head -1 | cut -d: -f1)
	[ -n "$last_homeo" ]
	# the corpus holds at least five other homeostatic papers
	[ "$(printf '%s\n' "$output" | grep -c -i 'homeostatic')" -ge 5 ]
	[ -z "$first_other" ] || [ "$last_homeo" -lt "$first_other" ]
}

@test "never the paper itself, whatever the seed and however the key is spelled" {
	local key
	for key in $("$LITDEX_BIN" --db "$SDB" search plasticity --format tsv --fields key \
		--no-header --limit 10); do
		run sim "$key" --format tsv --fields key --no-header --limit 1000
		[ "$status" -eq 0 ]
		! printf '%s\n' "$output" | grep -qxF "$key"
	done
	# the DOI of the seed review of the corpus, spelled as a link
	run sim https://doi.org/10.1007/S00406-024-01898-6 --format tsv --fields key \
		--no-header --limit 1000
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 0 ]
	! printf '%s\n' "$output" | grep -qxF "10.1007/s00406-024-01898-6"
}

@test "--year, --journal and --author filter the similar papers" {
	run sim "$SEED" --year 2015-2024 --format tsv --fields year --no-header
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 0 ]
	for y in "${lines[@]}"; do
		[ "$y" -ge 2015 ] && [ "$y" -le 2024 ]
	done
	run sim "$SEED" --journal neuron --format tsv --fields journal_full --no-header
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 0 ]
	for j in "${lines[@]}"; do
		[ "$j" = "Neuron" ]
	done
	# an author of the best hit: every hit then has that author
	local author
	author=$(sim "$SEED" --format tsv --fields first_author --no-header --limit 1 | cut -d' ' -f1)
	[ -n "$author" ]
	run sim "$SEED" --author "$author" --format tsv --fields authors --no-header
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 0 ]
	for a in "${lines[@]}"; do
		[[ "$a" == *"$author"* ]]
	done
}

@test "--limit and --offset page through the same ranking" {
	run sim "$SEED" --format tsv --fields key --no-header --limit 6
	local all=("${lines[@]}")
	[ "${#all[@]}" -eq 6 ]
	run sim "$SEED" --format tsv --fields key --no-header --limit 3 --offset 3
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "${all[3]}" ]
	[ "${lines[2]}" = "${all[5]}" ]
}

@test "formats: ids and jsonl" {
	run sim "$SEED" --format ids --limit 4
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	run sim "$SEED" --format jsonl --limit 3
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == "{\"rank\":1,"* ]]
	[[ "${lines[2]}" == "{\"rank\":3,"* ]]
}

@test "no similar paper within the filters: exit 1 and no output" {
	run --separate-stderr sim "$SEED" --year 1900
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "an unknown paper or no paper: exit 2" {
	run --separate-stderr sim PMID:1
	[ "$status" -eq 2 ]
	[ "$stderr" = "litdex: no paper 'PMID:1' in the index" ]
	run sim
	[ "$status" -eq 2 ]
	run sim "$SEED" PMID:1
	[ "$status" -eq 2 ]
	run sim "$SEED" --limit -3
	[ "$status" -eq 2 ]
}

@test "a tiny index: shared words still find the other paper" {
	local in="$BATS_TEST_TMPDIR/in"
	mkdir "$in"
	article_xml 900000401 "Dendritic spikes in cortex" 2020 Neuron \
		"Spikes in dendrites were recorded." >"$in/a.xml"
	article_xml 900000402 "Dendritic spikes in hippocampus" 2021 Neuron \
		"Spikes in dendrites were imaged." >"$in/b.xml"
	article_xml 900000403 "Plastic debris on beaches" 2019 "Mar Pollut Bull" \
		"Fragments were counted." >"$in/c.xml"
	ldx index --quiet "$in"
	run ldx similar 900000401 --format ids
	[ "$status" -eq 0 ]
	[ "$output" = "900000402" ]
	run ldx similar 900000403 --format ids
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "similar never writes to the index" {
	local before after
	before=$(cksum <"$SDB")
	sim "$SEED" >/dev/null
	sim "$SEED" --journal Neuron --format jsonl >/dev/null
	after=$(cksum <"$SDB")
	[ "$before" = "$after" ]
	[ ! -s "$SDB-wal" ]
}
