# report.awk: the end of `make eval`.  Reads eval/run.sh's result lines
#   collection split system queries ndcg recall map index_s search_s
# prints the table (litdex's change against the fts5 baseline of the same
# collection and split in brackets) and the issue's targets, and writes
# the JSON file named by -v json (with -v date, commit, rank_args, and
# queries: "words" or "raw", what litdex was given).
{
	n++
	coll[n] = $1; split_[n] = $2; sys[n] = $3; nq[n] = $4
	ndcg[n] = $5; rec[n] = $6; map[n] = $7; tidx[n] = $8; tsrch[n] = $9
	if ($3 == "fts5")
		base[$1 " " $2] = n
}
END {
	if (n == 0)
		exit 1
	printf "%-10s %-5s %-7s %7s  %-16s %-16s %-16s\n", "collection", "split", "system",
	       "queries", "nDCG@10", "R@100", "MAP"
	for (i = 1; i <= n; i++) {
		b = base[coll[i] " " split_[i]]
		printf "%-10s %-5s %-7s %7d  %-16s %-16s %-16s\n", coll[i], split_[i], sys[i], nq[i],
		       cell(ndcg[i], b ? ndcg[b] : "", i == b), cell(rec[i], b ? rec[b] : "", i == b),
		       cell(map[i], b ? map[b] : "", i == b)
	}
	for (i = 1; i <= n; i++) {
		if (sys[i] != "litdex" || !(b = base[coll[i] " " split_[i]]))
			continue
		if (coll[i] == "nfcorpus" && split_[i] == "test")
			target("NFCorpus test nDCG@10", ndcg[i], ndcg[b], 0.345)
		if (coll[i] == "med")
			target("MED MAP", map[i], map[b], 0.56)
	}

	printf "{\n  \"date\": \"%s\",\n  \"commit\": \"%s\",\n  \"rank_args\": \"%s\",\n",
	       date, commit, rank_args > json
	printf "  \"measures\": \"trec_eval definitions: ndcg_cut_10 (gain = grade), recall_100, " \
	       "map; runs cut at 1000\",\n" > json
	printf "  \"litdex_queries\": \"%s\",\n", queries > json
	printf "  \"baseline\": \"sqlite3 FTS5, one column, porter unicode61 " \
	       "remove_diacritics 2, bm25(), OR of the query words\",\n" > json
	printf "  \"results\": [\n" > json
	for (i = 1; i <= n; i++) {
		b = base[coll[i] " " split_[i]]
		printf "    {\"collection\": \"%s\", \"split\": \"%s\", \"system\": \"%s\", " \
		       "\"queries\": %d, \"ndcg_cut_10\": %.4f, \"recall_100\": %.4f, \"map\": %.4f, " \
		       "\"index_seconds\": %.2f, \"search_seconds\": %.2f",
		       coll[i], split_[i], sys[i], nq[i], ndcg[i], rec[i], map[i], tidx[i],
		       tsrch[i] > json
		if (b && b != i)
			printf ", \"vs_baseline_pct\": {\"ndcg_cut_10\": %.1f, \"recall_100\": %.1f, " \
			       "\"map\": %.1f}", pct(ndcg[i], ndcg[b]), pct(rec[i], rec[b]),
			       pct(map[i], map[b]) > json
		printf "}%s\n", (i < n ? "," : "") > json
	}
	printf "  ]\n}\n" > json
	close(json)
}

function pct(v, b) { return b > 0 ? 100 * (v - b) / b : 0 }

# "0.3456 (+5.6%)"; the baseline's own cell has no bracket.
function cell(v, b, is_base) {
	if (is_base || b == "")
		return sprintf("%.4f", v)
	return sprintf("%.4f (%+.1f%%)", v, pct(v, b))
}

function target(what, v, b, goal) {
	printf "target: %s %.4f >= %.3f %s; %+.1f%% vs baseline (>= +5%%) %s\n", what, v, goal,
	       (v >= goal ? "met" : "missed"), pct(v, b), (pct(v, b) >= 5 ? "met" : "missed")
}
