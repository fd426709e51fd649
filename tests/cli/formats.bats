#!/usr/bin/env bats
# formats.bats: the pipe formats of `litdex search` (csv, json, bibtex,
# ris, trec, --fields), and BibTeX and RIS round trips through litdex's
# own readers.  quoting.xml holds the awkward text: commas, quotes, TeX
# specials, non-ASCII names and two papers whose citation keys collide.

load helpers

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	"$LITDEX_BIN" --db "$SDB" index --quiet "$FIX/five.xml" "$FIX/quoting.xml"
}

s() {
	"$LITDEX_BIN" --db "$SDB" search "$@"
}

# every paper in the index, whatever the query language does
all_papers() {
	"$LITDEX_BIN" --db "$1" search --year 1000-3000 --limit 1000 "${@:2}"
}

need_python() {
	command -v python3 >/dev/null || skip "python3 is not installed: cannot check this format with a real parser"
}

@test "csv: header, CRLF line ends, and RFC 4180 quoting" {
	run s zebrafinch --format csv --limit 10
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'rank,score,key,pmid,doi,year,journal,title\r' ]
	# every line ends in CR LF
	[ "$(s zebrafinch --format csv | grep -c $'\r$')" -eq 5 ]
	# the comma and the quotes: the field is quoted and the quotes doubled
	[[ "$output" == *',900000401,10.5555/quote_(401),2020,J Quot Esc,"Zebrafinch song, ""crystallised"" early, stays stable"'$'\r'* ]]
	# a plain title is not quoted
	[[ "$output" == *',Twin zebrafinch nests in one tree'$'\r'* ]]
}

@test "csv: a CSV parser reads the fields back exactly" {
	need_python
	s zebrafinch --format csv --fields pmid,title,authors,abstract > "$BATS_TEST_TMPDIR/out.csv"
	run python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["pmid", "title", "authors", "abstract"], rows[0]
assert all(len(r) == 4 for r in rows), rows
by = {r[0]: r for r in rows[1:]}
print(by["900000401"][1])
print(by["900000401"][2])
print(by["900000402"][1])
print(by["900000402"][3])
' "$BATS_TEST_TMPDIR/out.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 'Zebrafinch song, "crystallised" early, stays stable' ]
	[ "${lines[1]}" = 'Müller J; van der Berg PK; Society for Birds and Song' ]
	[ "${lines[2]}" = 'Zebrafinch calls: 50% {louder} at 5~6 kHz, a_b #1 $2 x^2 back\slash -- ``quoted'"''"' & more' ]
	[ "${lines[3]}" = 'Zebrafinch calls were 50% louder; 100% of birds & {all} chicks, C:\temp.' ]
}

@test "csv and tsv: --no-header" {
	run s zebrafinch --format csv --no-header --fields pmid
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[0]}" =~ ^9000004[0-9]{2}$'\r'$ ]]
	run s zebrafinch --format tsv --no-header --fields pmid
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[0]}" =~ ^9000004[0-9]{2}$ ]]
}

@test "--fields picks and orders the tsv columns" {
	run s ketamine --journal Neuron --format tsv --fields pmid,year,title,journal_full,first_author,language,pub_types
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'pmid\tyear\ttitle\tjournal_full\tfirst_author\tlanguage\tpub_types' ]
	[ "${lines[1]}" = $'900000002\t2012\tKetamine blocks NMDA receptors at rest and releases BDNF translation\tNeuron\tOkafor DA\teng\tJournal Article' ]
	# journal is the abbreviation, journal_full the title, first_author the first of several
	run s '"homeostatic plasticity"' --format tsv --no-header --fields journal,journal_abbrev,first_author,authors
	[ "$output" = $'Neuron\tNeuron\tFerrand L\tFerrand L; Okafor DA' ]
	run s ketamine --year 2019 --format tsv --no-header --fields journal,journal_full,mesh
	[ "$output" = $'Mol Psychiatry\tMolecular psychiatry\tKetamine; Depressive Disorder, Treatment-Resistant' ]
}

@test "--fields: identifiers, keywords and a plain snippet" {
	run s '"crystallised"' --format tsv --no-header --fields key,pmid,doi,pmcid,keywords
	[ "$output" = $'900000401\t900000401\t10.5555/quote_(401)\tPMC9000401\tzebrafinch; song learning' ]
	run s ketamine --journal Neuron --format tsv --no-header --fields snippet
	[[ "$output" == "A single low dose of ketamine produced"* ]]
	[[ "$output" != *$'\x02'* && "$output" != *$'\x03'* ]]
}

@test "formats that show no highlights list the same papers, in order, with the same scores" {
	# they search without highlights and snippets (ldx_search_opts.no_marks)
	local want scores
	want=$(s zebrafinch --format jsonl | sed 's/^{"rank":[0-9]*,"score":[0-9.]*,"key":"\([^"]*\)".*/\1/')
	scores=$(s zebrafinch --format jsonl | sed 's/^{"rank":[0-9]*,"score":\([0-9.]*\),.*/\1/')
	[ "$(wc -l <<<"$want")" -ge 3 ]
	[ "$(s zebrafinch --format ids)" = "$want" ]
	[ "$(s zebrafinch --format tsv --no-header | cut -f3)" = "$want" ]
	[ "$(s zebrafinch --format tsv --no-header | cut -f2)" = "$scores" ]
	[ "$(s zebrafinch --format trec | awk '{ print $3 }')" = "$want" ]
}

@test "--fields: an unknown field is an error that lists the valid ones" {
	run s ketamine --format tsv --fields pmid,colour,title
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown field 'colour'"* ]]
	[[ "$output" == *"rank, score, key, pmid, doi, pmcid, year, journal, journal_full, journal_abbrev, title, authors, first_author, abstract, keywords, mesh, pub_types, language, snippet"* ]]
	run s ketamine --format csv --fields 'pmid,,title'
	[ "$status" -eq 2 ]
	[[ "$output" == *"empty field name"* ]]
}

@test "json: one valid array with the jsonl objects, [] when nothing matches" {
	need_python
	s zebrafinch --format json > "$BATS_TEST_TMPDIR/out.json"
	run python3 -c '
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(a, list)
print(len(a))
print(" ".join(sorted(o["pmid"] for o in a)))
o = [o for o in a if o["pmid"] == "900000401"][0]
print(o["title"])
print("|".join(o["authors"]))
print("|".join(o["keywords"]))
print(o["pmcid"], o["doi"], o["year"])
' "$BATS_TEST_TMPDIR/out.json"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 4 ]
	[ "${lines[1]}" = "900000401 900000402 900000403 900000404" ]
	[ "${lines[2]}" = 'Zebrafinch song, "crystallised" early, stays stable' ]
	[ "${lines[3]}" = 'Müller J|van der Berg PK|Society for Birds and Song' ]
	[ "${lines[4]}" = 'zebrafinch|song learning' ]
	[ "${lines[5]}" = 'PMC9000401 10.5555/quote_(401) 2020' ]
	# the same objects as jsonl, in the same order
	diff <(s zebrafinch --format jsonl) \
	     <(s zebrafinch --format json | sed -e '1d' -e '$d' -e 's/,$//')
	# nothing matched: still valid JSON
	st=0
	out=$(s --year 1900 --format json 2>/dev/null) || st=$?
	[ "$st" -eq 1 ]
	[ "$out" = "[]" ]
	python3 -c 'import json, sys; assert json.load(sys.stdin) == []' <<<"$out"
}

@test "trec: qid Q0 docid rank score litdex, best first" {
	run s 'ketamine OR plastic OR zebrafinch' --format trec --limit 50
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 8 ]
	prev=
	for i in "${!lines[@]}"; do
		read -r qid q0 docid rank score tag extra <<<"${lines[$i]}"
		[ "$qid" = 1 ]
		[ "$q0" = Q0 ]
		[[ "$docid" =~ ^900000[04][0-9]{2}$ ]]
		[ "$rank" = $((i + 1)) ]
		[[ "$score" =~ ^-?[0-9]+\.[0-9]{6}$ ]]
		[ "$tag" = litdex ]
		[ -z "$extra" ]
		# scores never rise down the list
		[ -z "$prev" ] || awk -v a="$prev" -v b="$score" 'BEGIN { exit !(a >= b) }'
		prev=$score
	done
	# the docids are the ids format's PMIDs, in the same order
	[ "$(s 'ketamine OR plastic OR zebrafinch' --format trec --limit 50 | cut -d' ' -f3)" = \
	  "$(s 'ketamine OR plastic OR zebrafinch' --format ids --limit 50)" ]
}

@test "trec: the qid comes from --queries" {
	printf 'q7\tketamine\nq8\tzebrafinch\n' > "$BATS_TEST_TMPDIR/topics.tsv"
	run s --queries "$BATS_TEST_TMPDIR/topics.tsv" --format trec
	[ "$status" -eq 0 ]
	[ "$(grep -c '^q7 Q0 ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^q8 Q0 ' <<<"$output")" -eq 4 ]
	[ "$(grep -vc '^q[78] Q0 ' <<<"$output")" -eq 0 ]
}

@test "bibtex: entries, citation keys, authors and escapes" {
	run s zebrafinch --format bibtex
	[ "$status" -eq 0 ]
	[ "$(grep -c '^@article{' <<<"$output")" -eq 4 ]
	# stable keys from author, year and title word, ASCII-folded, made unique
	[[ "$output" == *"@article{Muller2020Zebrafinch,"* ]]
	[[ "$output" == *"@article{Odegard2021Zebrafinch,"* ]]
	keys=$(grep -o '^@article{Okafor2022Twina*,' <<<"$output" | sort)
	[ "$keys" = $'@article{Okafor2022Twin,\n@article{Okafor2022Twina,' ]
	[[ "$output" == *'author = {Müller, J. and van der Berg, P. K. and {Society for Birds and Song}}'* ]]
	[[ "$output" == *'author = {Ødegård, Å.}'* ]]
	[[ "$output" == *'journal = {Journal of quoting \& escaping}'* ]]
	[[ "$output" == *'keywords = {zebrafinch, song learning}'* ]]
	[[ "$output" == *'pmcid = {PMC9000401}'* ]]
	[[ "$output" == *'doi = {10.5555/quote_(401)}'* ]]
	[[ "$output" == *'title = {{Zebrafinch calls: 50\% \textbraceleft{}louder\textbraceright{} at 5\textasciitilde{}6 kHz, a\_b \#1 \$2 x\textasciicircum{}2 back\textbackslash{}slash -{}- `{}`quoted'"'{}'"' \& more}}'* ]]
	# braces balance inside every entry
	awk '/^@/ { if (d) exit 1 } { n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); d += n - m; if (d < 0) exit 1 } END { exit d != 0 }' <<<"$output"
}

@test "bibtex: MeSH keeps its commas, a paper with no keywords has none" {
	run s ketamine --year 2019 --format bibtex
	[[ "$output" == *'mesh = {Ketamine; {Depressive Disorder, Treatment-Resistant}}'* ]]
	[[ "$output" == *'author = {{Depression Trials Consortium}}'* ]]
	[[ "$output" == *'@article{Depression2019Ketamine,'* ]]
	[[ "$output" != *'keywords ='* ]]
}

@test "ris: TY to ER records, one AU and KW per line, a blank line between" {
	run s '"crystallised" OR twin' --format ris
	[ "$status" -eq 0 ]
	[ "$(grep -c '^TY  - JOUR$' <<<"$output")" -eq 3 ]
	[ "$(grep -c '^ER  - $' <<<"$output")" -eq 3 ]
	[ "$(grep -c '^$' <<<"$output")" -eq 2 ]
	[ "$(grep -c $'\r' <<<"$output")" -eq 0 ]
	[[ "$output" == *$'AU  - Müller, J.\nAU  - van der Berg, P.K.\nAU  - Society for Birds and Song\n'* ]]
	[[ "$output" == *$'KW  - zebrafinch\nKW  - song learning\n'* ]]
	[[ "$output" == *$'JO  - Journal of quoting & escaping\nJA  - J Quot Esc\nPY  - 2020\nDO  - 10.5555/quote_(401)\nAN  - 900000401\n'* ]]
	[[ "$output" == *$'LA  - eng\nER  - '* ]]
	# every line is a tag line or a record separator
	[ "$(grep -Evc '^([A-Z][A-Z0-9]  - .*|)$' <<<"$output")" -eq 0 ]
}

# index the export of every paper in format $1 into a new index, and
# compare the fields $2 of both indexes
round_trip() {
	local fmt=$1 fields=$2 rdb="$BATS_TEST_TMPDIR/$1.db"
	all_papers "$SDB" --format "$fmt" > "$BATS_TEST_TMPDIR/out.$fmt"
	"$LITDEX_BIN" --db "$rdb" index --quiet "$BATS_TEST_TMPDIR/out.$fmt"
	all_papers "$SDB" --format tsv --no-header --fields "$fields" | sort > "$BATS_TEST_TMPDIR/before.tsv"
	all_papers "$rdb" --format tsv --no-header --fields "$fields" | sort > "$BATS_TEST_TMPDIR/after.tsv"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/before.tsv")" -eq 9 ]
	diff "$BATS_TEST_TMPDIR/before.tsv" "$BATS_TEST_TMPDIR/after.tsv"
}

@test "bibtex round trip: pmid, doi, year and title come back" {
	round_trip bibtex pmid,doi,year,title
}

@test "bibtex round trip: authors, journals, keywords, MeSH, abstract, language, pmcid" {
	round_trip bibtex pmid,authors,journal_full,journal_abbrev,keywords,mesh,abstract,language,pmcid
}

@test "ris round trip: pmid, doi, year and title come back" {
	round_trip ris pmid,doi,year,title
}

@test "ris round trip: authors, journals, keywords, abstract and language" {
	round_trip ris pmid,authors,journal_full,journal_abbrev,keywords,abstract,language
}
