# nfcorpus.awk: NFCorpus documents (d-collection.docs, "DOC_ID<TAB>text")
# to eval's common document form, "docid<TAB>title<TAB>abstract".
#
# The released text is the title, the word "abstract", then the abstract,
# lower-cased with stop words removed; the first "abstract" word is the
# boundary.  A text without one (about 20 per split) is all abstract.
BEGIN { FS = "\t"; OFS = "\t" }
NF == 0 { next }
NF != 2 {
	printf "nfcorpus.awk: %s:%d: expected 'docid<TAB>text'\n", FILENAME, FNR > "/dev/stderr"
	bad = 1
	exit 1
}
{
	n = split($2, w, " ")
	title = ""
	abstract = ""
	cut = 0
	for (i = 1; i <= n; i++)
		if (w[i] == "abstract") {
			cut = i
			break
		}
	for (i = 1; i <= n; i++) {
		if (i < cut)
			title = title (title == "" ? "" : " ") w[i]
		else if (i > cut)
			abstract = abstract (abstract == "" ? "" : " ") w[i]
	}
	print $1, title, abstract
}
END { if (bad) exit 1 }
