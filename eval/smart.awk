# smart.awk: the SMART MED collection to eval's common forms.
#   awk -v what=docs smart.awk MED.ALL.trec  ->  "docid<TAB><TAB>text"
#   awk -v what=queries smart.awk MED.QRY    ->  "qid<TAB>query"
#
# MED has no title field (the SMART files hold one .W text per document;
# its first line is often, not always, the title), so the whole text is
# the abstract.  Lines are joined with single spaces; words hyphenated
# across lines are left as the collection has them.  MED.QRY has CRLF
# line ends and ".I n" / ".W" markers.
BEGIN { OFS = "\t" }
{ sub(/\r$/, "") }

what == "docs" && /<DOCNO>/ {
	id = $0
	sub(/.*<DOCNO>[ \t]*/, "", id)
	sub(/[ \t]*<\/DOCNO>.*/, "", id)
	next
}
what == "docs" && /<body>/ { inbody = 1; text = ""; next }
what == "docs" && /<\/body>/ {
	if (id == "") {
		printf "smart.awk: %s:%d: <body> without a <DOCNO>\n", FILENAME, FNR > "/dev/stderr"
		exit 1
	}
	print id, "", text
	inbody = 0
	id = ""
	next
}
what == "docs" && inbody { add($0); next }

what == "queries" && /^\.I[ \t]/ { flush(); qid = $2; intext = 0; next }
what == "queries" && /^\.W/ { intext = 1; next }
what == "queries" && /^\./ { intext = 0; next }
what == "queries" && intext { add($0); next }

END {
	if (what == "queries")
		flush()
	else if (what != "docs") {
		print "smart.awk: set what=docs or what=queries" > "/dev/stderr"
		exit 2
	}
}

# Appends a line's words to text, single-spaced.
function add(line) {
	gsub(/[ \t]+/, " ", line)
	sub(/^ /, "", line)
	sub(/ $/, "", line)
	if (line != "")
		text = text (text == "" ? "" : " ") line
}

function flush() {
	if (qid != "")
		print qid, text
	qid = ""
	text = ""
}
