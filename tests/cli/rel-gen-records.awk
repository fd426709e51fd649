# rel-gen-records.awk: like gen-records.awk (a PubMed XML set of n made-up
# articles) but with abstracts of w words (default 16), so the reliability
# tests can run many whole index runs of tens of thousands of records.
# usage: awk -v n=10000 -v first=910000000 -v w=16 -f rel-gen-records.awk > part.xml
BEGIN {
	split("synaptic plasticity ketamine receptor cortex neuron dendrite spine " \
	      "glutamate calcium signal memory learning stress mouse rat human brain " \
	      "hippocampus amygdala dopamine serotonin network activity channel protein " \
	      "expression pathway response treatment model cell", v, " ")
	nv = length(v)
	srand(first % 10007)
	if (!first) first = 910000000
	if (!w) w = 16
	print "<?xml version=\"1.0\"?>"
	print "<PubmedArticleSet>"
	for (i = 0; i < n; i++) {
		title = ""
		for (k = 0; k < 6; k++) title = title " " v[int(rand() * nv) + 1]
		abs = ""
		for (k = 0; k < w; k++) abs = abs " " v[int(rand() * nv) + 1]
		printf "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><Journal>", first + i
		printf "<JournalIssue><PubDate><Year>%d</Year></PubDate></JournalIssue>", 1990 + i % 35
		printf "<Title>Journal %d</Title></Journal>", i % 50
		printf "<ArticleTitle>Record %d:%s</ArticleTitle>", first + i, title
		printf "<Abstract><AbstractText>%s</AbstractText></Abstract>", abs
		print "</Article></MedlineCitation></PubmedArticle>"
	}
	print "</PubmedArticleSet>"
}
