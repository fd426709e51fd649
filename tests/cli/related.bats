#!/usr/bin/env bats
# related.bats: related words as a user meets them: an --any search finds
# papers that lack the word but are about the same thing, an all-words
# search does not, --explain shows the column filter and --why names the
# column.  The library: 60 papers on thyroids and 60 on sports injuries,
# each with 5 of its topic's 10 words.

load helpers

setup_file() {
	export RDB="$BATS_FILE_TMPDIR/index.db"
	awk 'BEGIN {
		split("kelp iodine thyroid seaweed goitre hormone algae salt gland deficiency", a, " ")
		split("sprint muscle tendon stretching athlete injury knee runner strain ligament", b, " ")
		srand(11)
		print "<PubmedArticleSet>"
		for (i = 0; i < 120; i++) {
			title = ""
			delete used
			for (k = 0; k < 5; k++) {
				do j = int(rand() * 10) + 1; while (j in used)
				used[j] = 1
				title = title " " (i < 60 ? a[j] : b[j])
			}
			printf "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><Journal>", 950000000 + i
			printf "<JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue>"
			printf "<Title>Journal</Title></Journal><ArticleTitle>%s</ArticleTitle>", title
			print "</Article></MedlineCitation></PubmedArticle>"
		}
		print "</PubmedArticleSet>"
	}' > "$BATS_FILE_TMPDIR/library.xml"
	"$LITDEX_BIN" --db "$RDB" index --quiet "$BATS_FILE_TMPDIR/library.xml"
}

s() {
	"$LITDEX_BIN" --db "$RDB" search --no-pager "$@"
}

@test "--any also finds papers on the same subject without the word; all-words does not" {
	run s goitre --all --format ids --limit 200
	[ "$status" -eq 0 ]
	all=${#lines[@]}
	run s goitre --any --format ids --limit 200
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt "$all" ]
	# only thyroid papers (950000000-950000059)
	for id in "${lines[@]}"; do
		[ "$id" -lt 950000060 ]
	done
}

@test "--explain shows that an all-words search leaves the related words out" {
	run s goitre --explain
	[ "$status" -eq 0 ]
	[[ "$output" == *'fts5:     - {related} : ("goitre")'* ]]
	run s goitre --any --explain
	[[ "$output" == *'fts5:     "goitre"'* ]]
}

@test "--why names the related column for a paper that lacks the word" {
	run s goitre --any --why --limit 200
	[ "$status" -eq 0 ]
	[[ "$output" == *"why: related 100%: goitre"* ]]
}
