# words.awk: queries ("qid<TAB>text") to plain words ("qid<TAB>w1 w2 ..."),
# the form both systems in `make eval` are given, so that they are
# compared on ranking and not on how each reads punctuation.  ASCII
# punctuation and the common Unicode quotes, dashes and (R) sign become
# spaces.  A query left with no words is dropped.  Run in the C locale
# (byte-wise ranges).
BEGIN { FS = "\t"; OFS = "\t" }
NF == 0 { next }
{
	q = $0
	sub(/^[^\t]*\t/, "", q)
	# U+2018/2019/201C/201D quotes, U+2013/2014 dashes, U+00AE (R)
	gsub(/\342\200[\230\231\234\235\223\224]|\302\256/, " ", q)
	gsub(/[!-\/:-@\[-`{-~[:cntrl:]]/, " ", q)
	gsub(/ +/, " ", q)
	sub(/^ /, "", q)
	sub(/ $/, "", q)
	if (q != "")          # nothing to search: neither system answers it
		print $1, q
}
