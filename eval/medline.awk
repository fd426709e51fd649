# medline.awk: eval's common document form ("docid<TAB>title<TAB>abstract")
# to MEDLINE text (.nbib), which litdex indexes.
#
#   awk -v prefix=MED- medline.awk docs.tsv > records.nbib
#
# litdex's TREC output names a paper by its PMID, so the PMID is the docid
# without prefix and must be all digits; eval/run.sh puts the prefix back
# on the run.  Long fields are wrapped on six-space continuation lines.
BEGIN { FS = "\t" }
NF == 0 { next }
{
	id = $1
	if (prefix != "" && substr(id, 1, length(prefix)) == prefix)
		id = substr(id, length(prefix) + 1)
	if (id !~ /^[0-9]+$/ || NF != 3) {
		printf "medline.awk: %s:%d: docid '%s' is not '%s' and digits, or the line " \
		       "is not 'docid<TAB>title<TAB>abstract'\n", FILENAME, FNR, $1, prefix > "/dev/stderr"
		bad = 1
		exit 1
	}
	print "PMID- " id
	field("TI  - ", $2)
	field("AB  - ", $3)
	print ""
}
END { if (bad) exit 1 }

# Prints "TAG - text" wrapped at about 80 columns; nothing for empty text.
function field(tag, text,    n, w, i, line) {
	n = split(text, w, " ")
	if (n == 0)
		return
	line = tag w[1]
	for (i = 2; i <= n; i++) {
		if (length(line) + 1 + length(w[i]) > 80) {
			print line
			line = "      " w[i]
		} else
			line = line " " w[i]
	}
	print line
}
