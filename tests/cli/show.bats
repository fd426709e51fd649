#!/usr/bin/env bats
# show.bats: `litdex show KEY...`: every key form, whole records in text
# and jsonl, unknown keys, exit statuses, and that nothing is written.

load helpers
bats_require_minimum_version 1.5.0

setup_file() {
	export SDB="$BATS_FILE_TMPDIR/index.db"
	export IDS_XML="$BATS_FILE_TMPDIR/ids.xml"
	# one paper with a PMID, a DOI and a PMC id
	cat >"$IDS_XML" <<'XML'
<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>900000311</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue><Title>eLife</Title></Journal>
<ArticleTitle>Dendritic spikes gate plasticity in layer 5</ArticleTitle>
<Abstract><AbstractText>Spikes in distal dendrites were recorded with two electrodes.</AbstractText></Abstract>
</Article>
<KeywordList Owner="NOTNLM"><Keyword>dendritic spikes</Keyword><Keyword>layer 5</Keyword></KeywordList>
</MedlineCitation><PubmedData><ArticleIdList>
<ArticleId IdType="doi">10.5555/Show.Test-7</ArticleId><ArticleId IdType="pmc">PMC1234567</ArticleId>
</ArticleIdList></PubmedData></PubmedArticle></PubmedArticleSet>
XML
	"$LITDEX_BIN" --db "$SDB" index --quiet "$FIX/five.xml" "$IDS_XML"
}

sh() {
	"$LITDEX_BIN" --db "$SDB" show "$@"
}

# output with every run of spaces and newlines as one space: text wraps
flat() {
	printf '%s' "$output" | tr -s ' \n' '  '
}

@test "show by PMID prints the whole record" {
	run sh 900000001
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Homeostatic plasticity keeps cortical firing stable" ]]
	# both sections of the structured abstract, whole
	[[ "$(flat)" == *"Neurons adjust their synaptic strength when activity drifts."* ]]
	[[ "$(flat)" == *"Blocking activity for two days scaled up excitatory synapses in a multiplicative way."* ]]
	[[ "$output" == *"Ferrand L; Okafor DA"* ]]
	[[ "$output" == *"Neuron"*"2018"* ]]
	[[ "$output" =~ PMID:\ +900000001 ]]
	[[ "$output" =~ Language:\ +eng ]]
	[[ "$output" =~ Type:\ +Journal\ Article ]]
	[[ "$output" =~ Source:\ +$FIX/five.xml ]]
}

@test "PMID with a label, in any case and spacing, finds the same record" {
	run sh 900000001
	local want=$output
	for key in PMID:900000001 "pmid 900000001" "PMID: 900000001" " 900000001 "; do
		run sh "$key"
		[ "$status" -eq 0 ]
		[ "$output" = "$want" ]
	done
}

@test "text shows keywords and MeSH" {
	run sh 900000311
	[ "$status" -eq 0 ]
	[[ "$output" =~ Keywords:\ +dendritic\ spikes\;\ layer\ 5 ]]
	run sh 900000003
	[ "$status" -eq 0 ]
	[[ "$output" =~ MeSH:\ +Ketamine\;\ Depressive\ Disorder,\ Treatment-Resistant ]]
	[[ "$output" == *"Depression Trials Consortium"* ]]
}

@test "show by DOI in its usual spellings and by PMC id" {
	for key in 10.5555/show.test-7 10.5555/SHOW.TEST-7 doi:10.5555/Show.Test-7 \
		"https://doi.org/10.5555/show.test-7" "http://dx.doi.org/10.5555/show.test-7" \
		PMC1234567 pmc1234567 900000311; do
		run sh "$key"
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "Dendritic spikes gate plasticity in layer 5" ]
		[[ "$output" =~ DOI:\ +10.5555/show.test-7 ]]
		[[ "$output" =~ PMCID:\ +PMC1234567 ]]
		[[ "$output" =~ Source:\ +$IDS_XML ]]
	done
}

@test "an unknown key: exit 1 and a message naming it" {
	run --separate-stderr sh PMID:1
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "litdex: no paper 'PMID:1' in the index" ]
	run --separate-stderr sh doi:10.5555/nothing
	[ "$status" -eq 1 ]
	[ "$stderr" = "litdex: no paper 'doi:10.5555/nothing' in the index" ]
}

@test "several keys print in the order given" {
	run sh 900000005 PMID:900000002
	[ "$status" -eq 0 ]
	[[ "$output" == "Plastic debris on remote beaches"*"Ketamine blocks NMDA receptors"* ]]
}

@test "a missing key among found ones: the others print, exit 1" {
	run --separate-stderr sh 900000001 900000999 900000004
	[ "$status" -eq 1 ]
	[[ "$output" == *"Homeostatic plasticity keeps cortical firing stable"* ]]
	[[ "$output" == *"Serotonin 5-HT2A receptors"* ]]
	[ "$stderr" = "litdex: no paper '900000999' in the index" ]
}

@test "jsonl: one object per paper with the whole record and its sources" {
	run --separate-stderr sh 900000002 10.5555/show.test-7 --format jsonl
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "{"*"\"pmid\":\"900000002\""*"}" ]]
	[[ "${lines[0]}" == *"\"abstract\":\"A single low dose of ketamine produced a rapid antidepressant response in mice that depended on BDNF and its receptor TrkB.\""* ]]
	[[ "${lines[0]}" == *"\"sources\":[\"$FIX/five.xml\"]"* ]]
	[[ "${lines[1]}" == *"\"doi\":\"10.5555/show.test-7\""* ]]
	[[ "${lines[1]}" == *"\"pmcid\":\"PMC1234567\""* ]]
	[[ "${lines[1]}" == *"\"sources\":[\"$IDS_XML\"]"* ]]
	if command -v python3 >/dev/null; then
		printf '%s\n' "$output" | python3 -c 'import json, sys; [json.loads(l) for l in sys.stdin]'
	fi
}

@test "other formats come from the search formats" {
	run sh 900000001 900000002 --format ids
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '900000001\n900000002')" ]
	run sh 900000002 --format tsv --fields pmid,year,title --no-header
	[ "$output" = "$(printf '900000002\t2012\tKetamine blocks NMDA receptors at rest and releases BDNF translation')" ]
}

@test "usage errors exit 2" {
	run sh
	[ "$status" -eq 2 ]
	run sh 900000001 --format nonesuch
	[ "$status" -eq 2 ]
	run sh ""
	[ "$status" -eq 2 ]
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/none.db" show 900000001
	[ "$status" -eq 2 ]
}

@test "show never writes to the index" {
	local before after
	before=$(cksum <"$SDB")
	sh 900000001 >/dev/null
	sh 10.5555/show.test-7 --format jsonl >/dev/null
	sh PMID:1 2>/dev/null || true
	after=$(cksum <"$SDB")
	[ "$before" = "$after" ]
	# nothing waits in the write-ahead log either
	[ ! -s "$SDB-wal" ]
}
