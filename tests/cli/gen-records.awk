# gen-records.awk: writes a PubMed XML set of n articles with
# deterministic made-up text, for tests that need a large input.
# usage: awk -v n=20000 -v first=900100000 -f gen-records.awk > big.xml
BEGIN {
	split("synaptic plasticity ketamine receptor cortex neuron dendrite spine " \
	      "glutamate calcium signal memory learning stress mouse rat human brain " \
	      "hippocampus amygdala dopamine serotonin network activity channel protein " \
	      "expression pathway response treatment model cell", w, " ")
	nw = length(w)
	srand(7)
	if (!first) first = 900100000
	print "<?xml version=\"1.0\"?>"
	print "<PubmedArticleSet>"
	for (i = 0; i < n; i++) {
		title = ""
		for (k = 0; k < 8; k++) title = title " " w[int(rand() * nw) + 1]
		abs = ""
		for (k = 0; k < 120; k++) abs = abs " " w[int(rand() * nw) + 1]
		printf "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><Journal>", first + i
		printf "<JournalIssue><PubDate><Year>%d</Year></PubDate></JournalIssue>", 1990 + i % 35
		printf "<Title>Journal %d</Title></Journal>", i % 50
		printf "<ArticleTitle>Record %d:%s</ArticleTitle>", i, title
		printf "<Abstract><AbstractText>%s</AbstractText></Abstract>", abs
		print "</Article></MedlineCitation></PubmedArticle>"
	}
	print "</PubmedArticleSet>"
}
