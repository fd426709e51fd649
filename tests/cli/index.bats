#!/usr/bin/env bats
# index.bats: `litdex index`: round trips, re-indexing, stdin, gzip,
# folders, bad files and exit statuses.

load helpers

@test "index reports a summary line and exits 0" {
	run ldx index "$FIX/five.xml"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == *"1 files read (0 unchanged, 0 failed, 0 gone): 5 records added, 0 replaced, 0 deleted, 0 removed; formats: pubmed 5; 0 errors"* ]]
}

@test "indexing the same file twice changes nothing" {
	index_five
	before=$(ldx search ketamine --format ids | sort)
	run ldx index "$FIX/five.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 files read (1 unchanged, 0 failed, 0 gone): 0 records added"* ]]
	after=$(ldx search ketamine --format ids | sort)
	[ "$before" = "$after" ]
	[ -n "$after" ]
}

@test "a record whose PMID is present is replaced, not duplicated" {
	article_xml 900000011 "Original title about dendrites" 2010 "Neuron" > "$BATS_TEST_TMPDIR/a.xml"
	ldx index -q "$BATS_TEST_TMPDIR/a.xml"
	article_xml 900000011 "Corrected title about axons" 2011 "Neuron" > "$BATS_TEST_TMPDIR/b.xml"
	run ldx index "$BATS_TEST_TMPDIR/b.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 records added, 1 replaced"* ]]
	run ldx search axons --format ids
	[ "$output" = "900000011" ]
	run ldx search dendrites --format ids
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "a changed file is read again" {
	article_xml 900000021 "Cortical oscillations" 2015 "Neuron" > "$BATS_TEST_TMPDIR/c.xml"
	ldx index -q "$BATS_TEST_TMPDIR/c.xml"
	article_xml 900000021 "Thalamic oscillations" 2015 "Neuron" > "$BATS_TEST_TMPDIR/c.xml"
	touch -d '+1 minute' "$BATS_TEST_TMPDIR/c.xml"
	run ldx index "$BATS_TEST_TMPDIR/c.xml"
	[[ "$output" == *"1 files read (0 unchanged"*"1 replaced"* ]]
	run ldx search thalamic --format ids
	[ "$output" = "900000021" ]
}

@test "DeleteCitation removes papers" {
	index_five
	cat > "$BATS_TEST_TMPDIR/del.xml" <<'XML'
<?xml version="1.0"?>
<PubmedArticleSet><DeleteCitation><PMID Version="1">900000002</PMID></DeleteCitation></PubmedArticleSet>
XML
	run ldx index "$BATS_TEST_TMPDIR/del.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 deleted"* ]]
	run ldx search ketamine --format ids
	[[ "$output" != *900000002* ]]
	[[ "$output" == *900000003* ]]
}

@test "index reads standard input" {
	run bash -c "'$LITDEX_BIN' --db '$DB' index - < '$FIX/five.xml'"
	[ "$status" -eq 0 ]
	[[ "$output" == *"5 records added"* ]]
}

@test "index reads gzip files and folders recursively, skipping hidden entries" {
	mkdir -p "$BATS_TEST_TMPDIR/papers/sub" "$BATS_TEST_TMPDIR/papers/.hidden"
	gzip -c "$FIX/five.xml" > "$BATS_TEST_TMPDIR/papers/sub/five.xml.gz"
	article_xml 900000031 "Hidden paper" 2015 "Neuron" > "$BATS_TEST_TMPDIR/papers/.hidden/h.xml"
	echo "notes" > "$BATS_TEST_TMPDIR/papers/notes.md"
	run ldx index "$BATS_TEST_TMPDIR/papers"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 files read"*"5 records added"* ]]
	run ldx search hidden
	[ "$status" -eq 1 ]
}

@test "a malformed file is reported as file:line and the other files are still indexed" {
	mkdir -p "$BATS_TEST_TMPDIR/mixed"
	cp "$FIX/five.xml" "$BATS_TEST_TMPDIR/mixed/a-good.xml"
	printf '<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>900000041</PMID>\n<Article><ArticleTitle>Broken</Title>\n' \
		> "$BATS_TEST_TMPDIR/mixed/b-bad.xml"
	run ldx index "$BATS_TEST_TMPDIR/mixed"
	[ "$status" -eq 3 ]
	[[ "$output" == *"b-bad.xml:4: "* ]]
	[[ "$output" == *"5 records added"* ]]
	run ldx search ketamine --format ids
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "records already indexed survive a later bad file" {
	index_five
	printf '<PubmedArticleSet><PubmedArticle>' > "$BATS_TEST_TMPDIR/trunc.xml"
	run ldx index "$BATS_TEST_TMPDIR/trunc.xml"
	[ "$status" -eq 3 ]
	[[ "$output" == *"trunc.xml:"* ]]
	run ldx search '"homeostatic plasticity"' --format ids
	[ "$output" = "900000001" ]
}

# Files of 1 MB and more are parsed, and their text tokenized, on a second
# thread (src/ingest/readahead.c; the writer replays the tokens); standard
# input never is, so the two must store the same papers, build the same
# full-text index byte for byte, and report the same errors, for a whole
# file and for one cut short.
@test "a large file parsed on the reader thread gives what standard input gives" {
	local big="$BATS_TEST_TMPDIR/big.xml" cut="$BATS_TEST_TMPDIR/cut.xml" dump fts
	# words whose tokens are colocated (α|alpha, SARS|sar), folded or dropped
	awk -v n=3000 -v first=930000000 -v w=40 -f "$LITDEX_ROOT/tests/cli/rel-gen-records.awk" |
		sed -e 's/ receptor/ TNFα-receptor/g' -e 's/ cortex/ SARS cortex/g' \
		    -e "s/ brain/ Müller’s brain/g" > "$big"
	[ "$(stat -c %s "$big")" -ge 1048576 ]
	head -c 1500000 "$big" > "$cut"
	dump='SELECT pmid, title, abstract, authors, journal, year FROM papers ORDER BY pmid'
	fts="SELECT id, hex(block) FROM papers_fts_data ORDER BY id;
	     SELECT id, hex(sz) FROM papers_fts_docsize ORDER BY id;
	     SELECT segid, hex(term), pgno FROM papers_fts_idx ORDER BY segid, term;"
	for f in "$big" "$cut"; do
		run ldx index "$f"
		local file_out=$output file_status=$status
		local file_rows file_fts
		file_rows=$(sqlite3 "$DB" "$dump")
		file_fts=$(sqlite3 "$DB" "$fts")
		[ "$(printf '%s\n' "$file_fts" | wc -l)" -gt 1000 ]
		run ldx check
		[ "$status" -eq 0 ]
		rm -f "$DB" "$DB-wal" "$DB-shm"
		run bash -c "'$LITDEX_BIN' --db '$DB' index - < '$f'"
		[ "$status" -eq "$file_status" ]
		[ "$(sqlite3 "$DB" "$dump")" = "$file_rows" ]
		[ "$(sqlite3 "$DB" "$fts")" = "$file_fts" ]
		[ "$(printf '%s\n' "$output" | grep -c records)" -eq 1 ]
		[ "$(printf '%s\n' "$output" | tail -n 1 | sed 's/; [0-9.]* s$//')" = \
		  "$(printf '%s\n' "$file_out" | tail -n 1 | sed 's/; [0-9.]* s$//')" ]
		run ldx check
		[ "$status" -eq 0 ]
		rm -f "$DB" "$DB-wal" "$DB-shm"
	done
	[ "$file_status" -eq 3 ]
}

@test "a missing path and an unreadable file are named in one-line errors" {
	run ldx index "$BATS_TEST_TMPDIR/nope.xml" "$FIX/five.xml"
	[ "$status" -eq 3 ]
	[[ "$output" == *"cannot open '$BATS_TEST_TMPDIR/nope.xml': No such file or directory"* ]]
	[[ "$output" == *"5 records added"* ]]
	if [ "$(id -u)" -ne 0 ]; then
		cp "$FIX/five.xml" "$BATS_TEST_TMPDIR/locked.xml"
		chmod 000 "$BATS_TEST_TMPDIR/locked.xml"
		run ldx index "$BATS_TEST_TMPDIR/locked.xml"
		[ "$status" -eq 3 ]
		[[ "$output" == *"locked.xml"*"Permission denied"* ]]
	fi
}

@test "a file of no known format is reported and skipped" {
	echo "just some words" > "$BATS_TEST_TMPDIR/x.xml"
	run ldx index "$BATS_TEST_TMPDIR/x.xml"
	[ "$status" -eq 3 ]
	[[ "$output" == *"x.xml"*"format"* ]]
}

@test "index without paths is a usage error" {
	run ldx index
	[ "$status" -eq 2 ]
	[[ "$output" == *"no files or folders given"* ]]
}

@test "an index from a newer litdex is refused with a clear message" {
	index_five
	sqlite3 "$DB" "PRAGMA user_version = 99"
	run ldx search ketamine
	[ "$status" -eq 2 ]
	[[ "$output" == *"schema version 99, newer than this litdex"* ]]
}

@test "a file that is not an index is refused" {
	echo "hello" > "$BATS_TEST_TMPDIR/not.db"
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/not.db" search ketamine
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a litdex index"* ]]
}
