#!/usr/bin/env bats
# mixed.bats: a folder of every format: detection by content, one record
# per paper across formats, per-format bad input (file:line, the rest of
# the folder still indexed), --format, and Ctrl-C.
# DOIs use 10.5555, the prefix reserved for tests.

load helpers

setup() {
	DB="$BATS_TEST_TMPDIR/index.db"
	LIB="$BATS_TEST_TMPDIR/lib"
	mkdir -p "$LIB"
}

ris_paper() {
	printf '%s\n' 'TY  - JOUR' \
		'TI  - Astrocytic lactate supports memory consolidation in the hippocampus' \
		'AU  - Varga, Lena M.' 'AU  - Ito, Ken' 'PY  - 2017' 'JO  - Glia' \
		'KW  - astrocytes' 'KW  - lactate' 'DO  - 10.5555/litdex.test.0001' 'ER  - '
}

bib_paper() {
	printf '%s\n' '@article{varga2017,' \
		'  title = {Astrocytic lactate supports memory consolidation in the hippocampus},' \
		'  author = {Varga, Lena M. and Ito, Ken},' '  journal = {Glia},' '  year = {2017},' \
		'  doi = {https://doi.org/10.5555/LITDEX.TEST.0001},' \
		'  abstract = {Lactate released by astrocytes was needed for long-term memory.}' '}'
}

@test "the same paper from RIS and BibTeX is one record with both sources and both fields" {
	ris_paper > "$LIB/a.ris"
	bib_paper > "$LIB/b.bib"
	run ldx index "$LIB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 records added, 1 replaced"*"formats: ris 1, bibtex 1;"* ]]
	run ldx search lactate --format ids
	[ "$output" = "10.5555/litdex.test.0001" ]
	run ldx show doi:10.5555/litdex.test.0001 --format jsonl
	[[ "$output" == *'"keywords":["astrocytes","lactate"]'* ]]
	[[ "$output" == *'"abstract":"Lactate released by astrocytes was needed for long-term memory."'* ]]
	[[ "$output" == *"$LIB/a.ris"* ]]
	[[ "$output" == *"$LIB/b.bib"* ]]
}

@test "a paper without identifiers merges by title and year across formats" {
	printf 'TY  - JOUR\nTI  - Glial scars after spinal injury\nPY  - 2011\nER  - \n' > "$LIB/a.ris"
	printf '@article{x, title = {Glial Scars After Spinal Injury.}, year = 2011, journal = {Brain}}\n' > "$LIB/b.bib"
	run ldx index "$LIB"
	[[ "$output" == *"1 records added, 1 replaced"* ]]
	run ldx search 'glial scars' --format tsv --fields key,journal --no-header
	[[ "$output" == t:*$'\t'Brain ]]
}

@test "formats are detected by content, not by extension" {
	cp "$FIX/five.xml" "$LIB/pubmed.txt"
	ris_paper > "$LIB/export.txt"
	printf 'PMID- 900000601\nTI  - Locus coeruleus and arousal\nDP  - 2020 Mar\n' > "$LIB/records.xml"
	run ldx index "$LIB/pubmed.txt" "$LIB/export.txt" "$LIB/records.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *"formats: pubmed 5, ris 1, medline 1;"* ]]
	run ldx search coeruleus --format ids
	[ "$output" = 900000601 ]
}

@test "--format overrides detection, and an unknown format name is an error" {
	printf 'Sleep spindles and memory\nSpindles during sleep predicted recall the next day.\n' > "$LIB/notes.md"
	run ldx index "$LIB/notes.md"
	[ "$status" -eq 3 ]
	[[ "$output" == *"notes.md"* ]]
	run ldx index --format text "$LIB/notes.md"
	[ "$status" -eq 0 ]
	run ldx search spindles --format tsv --fields title --no-header
	[ "$output" = "Sleep spindles and memory" ]
	run ldx index --format klingon "$LIB/notes.md"
	[ "$status" -eq 2 ]
}

@test "gzip works for every format" {
	ris_paper | gzip > "$LIB/a.ris.gz"
	printf 'PMID- 900000602\nTI  - Orexin neurons\nDP  - 2019\n' | gzip > "$LIB/b.nbib.gz"
	bib_paper | sed 's/LITDEX.TEST.0001/litdex.test.0002/' | gzip > "$LIB/c.bib.gz"
	run ldx index "$LIB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"3 records added"* ]]
}

@test "bad input in every format: file:line, and the rest of the folder is indexed" {
	cp "$FIX/five.xml" "$LIB/good.xml"
	head -c 1500 "$FIX/five.xml" > "$LIB/cut.xml"
	printf 'TY  - JOUR\nTI  - Missing end\nTY  - JOUR\nTI  - Thalamic reticular nucleus\nER  - \n' > "$LIB/noer.ris"
	printf '@article{a,\n title = {Open brace\n\n@article{b, title = {Claustrum connectivity}, year = 2015}\n' > "$LIB/brace.bib"
	printf 'PMID- 900000603\nTI  - Invalid \xff\xfe bytes in a title\n' > "$LIB/bad.nbib"
	run ldx index "$LIB"
	[ "$status" -eq 3 ]
	[[ "$output" == *"cut.xml:"[0-9]*": "* ]]
	[[ "$output" == *"noer.ris:1: "*"no ER"* ]]
	[[ "$output" == *"brace.bib:1: "* ]]
	run ldx search 'thalamic OR claustrum' --format tsv --fields title --no-header
	[ "$(echo "$output" | sort | tr '\n' '|')" = "Claustrum connectivity|Thalamic reticular nucleus|" ]
	run ldx search ketamine --format ids
	[ "${#lines[@]}" -eq 2 ]
	run ldx show 900000603 --format tsv --fields title --no-header
	[ "$output" = "Invalid �� bytes in a title" ]
}

@test "Ctrl-C stops an index run cleanly and the next run finishes the work" {
	awk -v n=60000 -f "$LITDEX_ROOT/tests/cli/gen-records.awk" > "$LIB/big.xml"
	"$LITDEX_BIN" --db "$DB" index "$LIB/big.xml" 2> "$BATS_TEST_TMPDIR/err" &
	pid=$!
	sleep 1.5
	kill -INT $pid
	status=0
	wait $pid || status=$?
	[ "$status" -ne 0 ] || skip "the run finished before the interrupt arrived"
	[ "$status" -eq 130 ]
	grep -q "interrupted after" "$BATS_TEST_TMPDIR/err"
	run "$LITDEX_BIN" --db "$DB" check
	[ "$status" -eq 0 ]
	run ldx index "$LIB/big.xml"
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM papers')" -eq 60000 ]
}
