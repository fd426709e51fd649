#!/usr/bin/env bats
# incremental.bats: re-indexing follows the folder: changed files replace
# their records, vanished files lose theirs unless another file still
# provides them, --no-prune keeps them, and an unreadable folder prunes
# nothing.

load helpers

# articles PMID TITLE [PMID TITLE...]: a PubMed XML set, one article per pair
articles() {
	echo '<?xml version="1.0"?><PubmedArticleSet>'
	while [ $# -ge 2 ]; do
		echo "<PubmedArticle><MedlineCitation><PMID>$1</PMID><Article>"
		echo "<ArticleTitle>$2</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
		shift 2
	done
	echo '</PubmedArticleSet>'
}

setup() {
	DB="$BATS_TEST_TMPDIR/index.db"
	LIB="$BATS_TEST_TMPDIR/lib"
	mkdir -p "$LIB"
}

@test "a changed file's records replace its old ones" {
	articles 900000301 "Cortical gamma rhythms" 900000302 "Retinal waves" > "$LIB/a.xml"
	ldx index -q "$LIB"
	articles 900000301 "Cortical gamma rhythms" 900000303 "Spinal reflexes" > "$LIB/a.xml"
	touch -d '+1 minute' "$LIB/a.xml"
	run ldx index "$LIB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 records added, 1 replaced, 0 deleted, 1 removed"* ]]
	run ldx search 'retinal OR spinal OR cortical' --format ids
	[ "$(echo "$output" | sort | tr '\n' ' ')" = "900000301 900000303 " ]
}

@test "a vanished file loses its papers unless another file provides them" {
	articles 900000311 "Olfactory bulb" 900000312 "Auditory cortex" > "$LIB/a.xml"
	articles 900000312 "Auditory cortex" > "$LIB/b.xml"
	ldx index -q "$LIB"
	rm "$LIB/a.xml"
	run ldx index "$LIB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 gone"*"1 removed"* ]]
	run ldx search 'olfactory OR auditory' --format ids
	[ "$output" = "900000312" ]
}

@test "--no-prune keeps the papers of vanished files" {
	articles 900000321 "Vestibular nuclei" > "$LIB/a.xml"
	ldx index -q "$LIB"
	rm "$LIB/a.xml"
	run ldx index --no-prune "$LIB"
	[ "$status" -eq 0 ]
	run ldx search vestibular --format ids
	[ "$output" = "900000321" ]
}

@test "a folder that cannot be read prunes nothing" {
	articles 900000331 "Taste buds" > "$LIB/a.xml"
	ldx index -q "$LIB"
	mv "$LIB" "$LIB.moved"
	run ldx index "$LIB"
	[ "$status" -eq 3 ]
	[[ "$output" == *"cannot open '$LIB'"* ]]
	run ldx search taste --format ids
	[ "$output" = "900000331" ]
}

@test "pruning stays inside the folder named" {
	mkdir -p "$LIB/one" "$LIB/one-more"
	articles 900000341 "Basal ganglia" > "$LIB/one/a.xml"
	articles 900000342 "Cerebellar nuclei" > "$LIB/one-more/b.xml"
	ldx index -q "$LIB/one" "$LIB/one-more"
	rm "$LIB/one/a.xml"
	run ldx index "$LIB/one"
	[ "$status" -eq 0 ]
	run ldx search 'basal OR cerebellar' --format ids
	[ "$output" = "900000342" ]
}

@test "an unchanged folder of many files is skipped without reading" {
	for i in $(seq 1 200); do
		articles $((900001000 + i)) "Paper number $i" > "$LIB/p$i.xml"
	done
	ldx index -q "$LIB"
	run ldx index "$LIB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 files read (200 unchanged, 0 failed, 0 gone): 0 records added"* ]]
}

@test "the summary counts records per format" {
	articles 900000351 "Pineal gland" > "$LIB/a.xml"
	run ldx index "$LIB"
	[[ "$output" == *"formats: pubmed 1;"* ]]
}
