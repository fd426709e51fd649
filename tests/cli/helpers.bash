# helpers.bash: shared setup for the bats CLI tests.
# Each test gets its own index in $BATS_TEST_TMPDIR.

LITDEX_ROOT=${LITDEX_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
LITDEX_BIN=${LITDEX_BIN:-$LITDEX_ROOT/build/litdex}
FIX="$LITDEX_ROOT/tests/cli/fixtures"

setup() {
	DB="$BATS_TEST_TMPDIR/index.db"
	export NO_COLOR=
	unset LITDEX_DB
}

# litdex with the test's own index
ldx() {
	"$LITDEX_BIN" --db "$DB" "$@"
}

# index the five-record fixture quietly
index_five() {
	"$LITDEX_BIN" --db "$DB" index --quiet "$FIX/five.xml"
}

# a small PubMed XML document with one article: pmid title year journal [abstract]
article_xml() {
	cat <<XML
<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>$1</PMID><Article>
<Journal><JournalIssue><PubDate><Year>$3</Year></PubDate></JournalIssue><Title>$4</Title></Journal>
<ArticleTitle>$2</ArticleTitle><Abstract><AbstractText>${5:-}</AbstractText></Abstract>
</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
XML
}
