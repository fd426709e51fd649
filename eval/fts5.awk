# fts5.awk: SQL for the baseline `make eval` compares litdex with: plain
# SQLite FTS5, one column, tokenize='porter unicode61 remove_diacritics 2',
# ranked by bm25(), the query an OR of its words, run by the sqlite3 CLI.
#
#   awk -v what=docs fts5.awk docs.tsv        schema and inserts (title and
#                                             abstract as one text)
#   awk -v what=queries fts5.awk words.tsv    one SELECT per query, printing
#                                             a TREC run ("qid Q0 docid rank
#                                             score fts5", top 1000)
#
# Queries come as words.awk leaves them, without punctuation; each word is
# quoted, so none is read as FTS5 syntax.
BEGIN {
	FS = "\t"
	if (what == "docs") {
		print "CREATE TABLE ids(n INTEGER PRIMARY KEY, docid TEXT NOT NULL);"
		print "CREATE VIRTUAL TABLE docs USING fts5(body, " \
		      "tokenize='porter unicode61 remove_diacritics 2');"
		print "BEGIN;"
	} else if (what == "queries") {
		print ".mode list"
		print ".separator \" \""
		print ".headers off"
	} else {
		print "fts5.awk: set what=docs or what=queries" > "/dev/stderr"
		exit 2
	}
}
NF == 0 { next }
what == "docs" {
	n++
	text = $2 " " $3
	printf "INSERT INTO ids VALUES(%d, %s);\n", n, sql_string($1)
	printf "INSERT INTO docs(rowid, body) VALUES(%d, %s);\n", n, sql_string(text)
	next
}
what == "queries" {
	nw = split($2, w, " ")
	expr = ""
	for (i = 1; i <= nw; i++)
		expr = expr (expr == "" ? "" : " OR ") "\"" w[i] "\""
	if (expr == "")
		next
	printf "SELECT %s, 'Q0', ids.docid, row_number() OVER (ORDER BY s), -s, 'fts5' " \
	       "FROM (SELECT rowid AS r, bm25(docs) AS s FROM docs WHERE docs MATCH %s " \
	       "ORDER BY s LIMIT 1000) JOIN ids ON ids.n = r ORDER BY s;\n",
	       sql_string($1), sql_string(expr)
}
END {
	if (what == "docs")
		print "COMMIT;"
}

function sql_string(s) {
	gsub(/'/, "''", s)
	return "'" s "'"
}
