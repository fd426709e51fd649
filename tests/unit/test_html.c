/*
 * test_html.c: the saved-web-page reader (src/ingest/html.c): sniffing,
 * publisher citation_* tags, Dublin Core, the current and the older
 * PubMed page layouts, the plain-page fallback and the "not a paper"
 * rule, broken HTML, encodings, scripts kept out of the text, size and
 * nesting limits, and the saved PubMed pages in ../shared/data.
 */
#include "unit.h"

#include "ingest/input.h"
#include "ingest/reader.h"

#define NOT_A_PAPER "not a paper (no citation metadata, title or article text)"

/* Reads buf through the html reader: the first next() result in *rc,
 * the record in *rec; checks that the reader then ends. */
static void read_one(const char *name, const char *buf, size_t len, ldx_record *rec,
                     ldx_status *rc, ldx_error *err)
{
	ldx_input *in = NULL;
	void *st = NULL;

	ldx_record_init(rec);
	memset(err, 0, sizeof *err);
	assert_int_equal(ldx_input_open_memory(name, buf, len, &in, err), LDX_OK);
	assert_int_equal(ldx_reader_html.open(in, &st, err), LDX_OK);
	*rc = ldx_reader_html.next(st, rec, err);
	{
		ldx_record again;
		ldx_error err2;

		ldx_record_init(&again);
		assert_int_equal(ldx_reader_html.next(st, &again, &err2), LDX_DONE);
		ldx_record_clear(&again);
	}
	ldx_reader_html.close(st);
	ldx_input_close(in);
}

static void read_str(const char *name, const char *html, ldx_record *rec)
{
	ldx_status rc;
	ldx_error err;

	read_one(name, html, strlen(html), rec, &rc, &err);
	if (rc != LDX_OK)
		fail_msg("%s: %s", name, err.message);
}

/* Expects the "not a paper" error for html. */
static void expect_not_paper(const char *name, const char *html)
{
	ldx_record rec;
	ldx_status rc;
	ldx_error err;
	char want[512];

	read_one(name, html, strlen(html), &rec, &rc, &err);
	assert_int_equal(rc, LDX_ERR_FORMAT);
	assert_string_equal(err.file, name);
	assert_int_equal(err.line, 1);
	snprintf(want, sizeof want, "'%s': %s", name, NOT_A_PAPER);
	assert_string_equal(err.message, want);
	assert_null(rec.title);
	ldx_record_clear(&rec);
}

static void assert_list(const ldx_strlist *l, size_t n, const char *const *want)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l->v[i], want[i]);
}

/* ---- Sniffing ------------------------------------------------------------ */

static int sniff(const char *s, const char *ext)
{
	return ldx_reader_html.sniff(s, strlen(s), ext);
}

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(sniff("<!DOCTYPE html>\n<html lang=\"en\"><head>", "html"), 80);
	assert_int_equal(sniff("<!doctype HTML><title>x</title>", ""), 80);
	assert_int_equal(sniff("\n\n  <HTML><BODY>hello</BODY></HTML>", "htm"), 80);
	/* An HTML5 page has <article> elements: still a web page. */
	assert_int_equal(sniff("<!DOCTYPE html><html><body><article class=\"x\">", "html"), 80);
	/* XML records are not ours, whatever the extension. */
	assert_int_equal(sniff("<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle>",
	                       "html"), 0);
	assert_int_equal(sniff("<?xml version=\"1.0\"?>\n<article article-type=\"research-article\">"
	                       "<front><html>", "xml"), 0);
	assert_int_equal(sniff("<pmc-articleset><article xmlns:xlink=\"x\"><html>", "xml"), 0);
	assert_int_equal(sniff("PMID- 123\nTI  - A title\n", "txt"), 0);
	assert_int_equal(sniff("TY  - JOUR\n", "ris"), 0);
	assert_int_equal(sniff("", "html"), 0);
	/* Far from the start, "<html" in text is not a signature. */
	{
		char buf[4096];
		memset(buf, 'a', sizeof buf);
		memcpy(buf + 3000, "<html>", 6);
		assert_int_equal(ldx_reader_html.sniff(buf, sizeof buf, "txt"), 0);
	}
}

/* ---- Publisher meta tags ------------------------------------------------- */

static const char publisher_page[] =
	"<!DOCTYPE html>\n"
	"<html><head>\n"
	"<meta charset=\"utf-8\">\n"
	"<title>Homeostatic scaling after ketamine | A Journal Site</title>\n"
	"<meta name=\"citation_title\" content=\"Homeostatic scaling after ketamine\">\n"
	"<meta name=\"citation_author\" content=\"Ege T. Kavalali\">\n"
	"<meta name=\"Citation_Author\" content=\"Monteggia, Lisa M.\">\n"
	"<meta name=\"citation_author\" content=\"Rik van Rheenen\">\n"
	"<meta name=\"citation_author\" content=\"Carlos A. Zarate Jr.\">\n"
	"<meta name=\"citation_author\" content=\"Ketamine Research Consortium\">\n"
	"<meta name=\"citation_journal_title\" content=\"Journal of Synaptic Studies\">\n"
	"<meta name=\"citation_journal_abbrev\" content=\"J Synaptic Stud\">\n"
	"<meta name=\"citation_publication_date\" content=\"2021/03/15\">\n"
	"<meta name=\"citation_online_date\" content=\"2020/12/01\">\n"
	"<META NAME=\"CITATION_DOI\" CONTENT=\"https://doi.org/10.5555/LITDEX.Test.1\">\n"
	"<meta name=\"citation_pmid\" content=\" 12345678 \">\n"
	"<meta name=\"citation_keywords\" content=\"ketamine; BDNF; synaptic scaling\">\n"
	"<meta name=\"citation_keywords\" content=\"NMDA receptor\">\n"
	"<meta name=\"citation_abstract\" content=\"&lt;p&gt;Ketamine changes synapses "
	"within hours.&lt;/p&gt;&lt;p&gt;We looked at scaling.&lt;/p&gt;\">\n"
	"<meta name=\"citation_language\" content=\"en\">\n"
	"<meta property=\"og:title\" content=\"A weaker title\">\n"
	"</head><body><nav>Home | Journals</nav><p>Full text here.</p></body></html>\n";

static void test_publisher_meta(void **state)
{
	static const char *const authors[] = {
		"Kavalali ET", "Monteggia LM", "van Rheenen R", "Zarate CA",
		"Ketamine Research Consortium",
	};
	static const char *const kw[] = {
		"ketamine", "BDNF", "synaptic scaling", "NMDA receptor",
	};
	ldx_record rec;

	(void)state;
	read_str("publisher.html", publisher_page, &rec);
	assert_string_equal(rec.title, "Homeostatic scaling after ketamine");
	assert_list(&rec.authors, 5, authors);
	assert_string_equal(rec.journal, "Journal of Synaptic Studies");
	assert_string_equal(rec.journal_abbrev, "J Synaptic Stud");
	assert_int_equal(rec.year, 2021);
	assert_string_equal(rec.doi, "10.5555/litdex.test.1");
	assert_string_equal(rec.pmid, "12345678");
	assert_list(&rec.keywords, 4, kw);
	assert_string_equal(rec.abstract,
	                    "Ketamine changes synapses within hours. We looked at scaling.");
	assert_string_equal(rec.language, "en");
	assert_int_equal(rec.line, 1);
	ldx_record_clear(&rec);
}

/* citation_authors (one tag, ';'-separated) and keywords split on ','. */
static void test_citation_authors_list(void **state)
{
	static const char *const authors[] = { "Kavalali ET", "Monteggia LM" };
	static const char *const kw[] = { "spontaneous release", "TrkB" };
	ldx_record rec;

	(void)state;
	read_str("list.html",
	         "<html><head><meta name=\"citation_title\" content=\"Quiet synapses\">"
	         "<meta name=\"citation_authors\" content=\"Kavalali ET;Monteggia LM;\">"
	         "<meta name=\"citation_date\" content=\"09/29/2024\">"
	         "<meta name=\"citation_keywords\" content=\"spontaneous release, TrkB\">"
	         "</head><body></body></html>", &rec);
	assert_string_equal(rec.title, "Quiet synapses");
	assert_list(&rec.authors, 2, authors);
	assert_list(&rec.keywords, 2, kw);
	assert_int_equal(rec.year, 2024);
	assert_null(rec.abstract);
	ldx_record_clear(&rec);
}

/* A publisher page whose tags carry no abstract: the element marked
 * "abstract" gives it, without its heading; og:title beats <title>. */
static void test_meta_abstract_element(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("abs.html",
	         "<html><head><title>Site | Paper</title>"
	         "<meta property=\"og:title\" content=\"BDNF and fast antidepressants\">"
	         "<meta name=\"citation_doi\" content=\"10.5555/litdex.test.2\">"
	         "</head><body><header>Journal header</header>"
	         "<section id=\"Abstract\"><h2>Abstract</h2><p>BDNF release follows "
	         "<i>ketamine</i> within minutes.</p></section>"
	         "<section><p>Introduction text.</p></section></body></html>", &rec);
	assert_string_equal(rec.title, "BDNF and fast antidepressants");
	assert_string_equal(rec.doi, "10.5555/litdex.test.2");
	assert_string_equal(rec.abstract, "BDNF release follows ketamine within minutes.");
	ldx_record_clear(&rec);
}

/* ---- Dublin Core ---------------------------------------------------------- */

static void test_dublin_core(void **state)
{
	static const char *const authors[] = { "Kavalali ET", "Monteggia LM" };
	static const char *const kw[] = { "synaptic plasticity", "ketamine", "BDNF" };
	ldx_record rec;

	(void)state;
	read_str("dc.html",
	         "<html><head>"
	         "<meta name=\"DC.title\" content=\"Plasticity at rest\">"
	         "<meta name=\"DC.creator\" content=\"Kavalali, Ege T.\">"
	         "<meta name=\"dc.Creator\" content=\"Lisa M. Monteggia\">"
	         "<meta name=\"DC.date\" content=\"2019-05-02\">"
	         "<meta name=\"DC.identifier\" content=\"urn:isbn:0000000000\">"
	         "<meta name=\"DC.identifier\" content=\"doi:10.5555/LITDEX.DC.3\">"
	         "<meta name=\"DC.subject\" content=\"synaptic plasticity\">"
	         "<meta name=\"dc.subject\" content=\"ketamine; BDNF\">"
	         "<meta name=\"DC.description\" content=\"Resting synapses signal too.\">"
	         "<meta name=\"dcterms.language\" content=\"eng\">"
	         "</head><body>Short.</body></html>", &rec);
	assert_string_equal(rec.title, "Plasticity at rest");
	assert_list(&rec.authors, 2, authors);
	assert_int_equal(rec.year, 2019);
	assert_string_equal(rec.doi, "10.5555/litdex.dc.3");
	assert_list(&rec.keywords, 3, kw);
	assert_string_equal(rec.abstract, "Resting synapses signal too.");
	assert_string_equal(rec.language, "eng");
	assert_null(rec.pmid);
	ldx_record_clear(&rec);
}

/* A DC title alone (CMS pages tag every page) does not make a paper. */
static void test_dc_title_alone(void **state)
{
	(void)state;
	expect_not_paper("cms.html",
	                 "<html><head><meta name=\"DC.title\" content=\"Contact us\">"
	                 "<title>Contact us</title></head><body><p>Write to us.</p></body></html>");
}

/* ---- PubMed, current layout ------------------------------------------------ */

static const char pubmed_current_page[] =
	"<!DOCTYPE html><html lang=\"en\"><head>"
	"<title>Ketamine and resting synapses - PubMed</title>"
	"<link rel=\"canonical\" href=\"https://pubmed.ncbi.nlm.nih.gov/11112222/\">"
	"<script>window.pubmed = {\"SCRIPTMARKER\": 1};</script>"
	"</head><body>"
	"<header class=\"ncbi-header\"><a href=\"#\">Skip to main page content</a></header>"
	"<main id=\"article-details\" class=\"article-details\">"
	"<header class=\"heading\" id=\"heading\"><div class=\"full-view\" id=\"full-view-heading\">"
	"<div class=\"article-citation\"><div class=\"article-source\">"
	"<div class=\"journal-actions dropdown-block\">"
	"<button id=\"full-view-journal-trigger\" class=\"journal-actions-trigger trigger\" "
	"title=\"Journal of resting synapses\">J Rest Synapses</button></div>"
	"<span class=\"period\">. </span><span class=\"cit\">2022 Feb;14(2):101-109.</span>"
	"</div><span class=\"citation-doi\">\n doi: 10.5555/litdex.pm.4.\n</span></div>"
	"<h1 class=\"heading-title\">\n   Ketamine and resting synapses\n </h1>"
	"<div class=\"inline-authors\"><div class=\"authors\"><div class=\"authors-list\">"
	"<span class=\"authors-list-item\"><a class=\"full-name\" href=\"#\">Ege T Kavalali</a>"
	"<sup class=\"affiliation-links\"> 1 </sup>, </span>"
	"<span class=\"authors-list-item\"><a class=\"full-name\" href=\"#\">Lisa M Monteggia</a>"
	"</span></div></div></div>"
	"<ul class=\"identifiers\"><li><span class=\"identifier pubmed\">"
	"<span class=\"id-label\">PMID: </span><strong class=\"current-id\">11112222</strong>"
	"</span></li></ul></div>"
	"<div class=\"short-view\"><div class=\"authors-list\"><a class=\"full-name\">"
	"Ege T Kavalali</a></div></div></header>"
	"<div id=\"abstract\" class=\"abstract\"><h2 class=\"title\">Abstract</h2>"
	"<div class=\"abstract-content selected\" id=\"eng-abstract\">"
	"<p><strong class=\"sub-title\">\n Background:\n </strong>\n Resting release "
	"matters.</p><p><strong class=\"sub-title\">Results: </strong>Ketamine blocks it "
	"within <i>minutes</i>.</p></div>"
	"<p><strong class=\"sub-title\">\n Keywords:\n </strong>\n BDNF; eEF2 kinase; "
	"spontaneous release.</p></div>"
	"<div id=\"mesh-terms\" class=\"keywords-section\"><ul class=\"keywords-list\">"
	"<li><div class=\"keyword-actions dropdown-block\"><button class=\"keyword-actions-trigger "
	"trigger\">Animals</button><div class=\"dropdown\"><a>Search in PubMed</a></div></div></li>"
	"<li><button class=\"keyword-actions-trigger trigger\">Ketamine / pharmacology*</button></li>"
	"<li><button class=\"keyword-actions-trigger trigger\">Synapses / drug effects*</button></li>"
	"<li><button class=\"keyword-actions-trigger trigger\">Ketamine / adverse effects</button></li>"
	"</ul></div>"
	"<div class=\"similar-articles\"><h2>Similar articles</h2><p>Other paper</p></div>"
	"</main></body></html>";

static void test_pubmed_current(void **state)
{
	static const char *const authors[] = { "Kavalali ET", "Monteggia LM" };
	static const char *const kw[] = { "BDNF", "eEF2 kinase", "spontaneous release" };
	static const char *const mesh[] = { "Animals", "Ketamine", "Synapses" };
	ldx_record rec;

	(void)state;
	read_str("pubmed-now.html", pubmed_current_page, &rec);
	assert_string_equal(rec.title, "Ketamine and resting synapses");
	assert_string_equal(rec.pmid, "11112222");
	assert_string_equal(rec.doi, "10.5555/litdex.pm.4");
	assert_string_equal(rec.journal, "Journal of resting synapses");
	assert_string_equal(rec.journal_abbrev, "J Rest Synapses");
	assert_int_equal(rec.year, 2022);
	assert_list(&rec.authors, 2, authors);
	assert_string_equal(rec.abstract, "Background: Resting release matters. "
	                    "Results: Ketamine blocks it within minutes.");
	assert_list(&rec.keywords, 3, kw);
	assert_list(&rec.mesh, 3, mesh);
	assert_null(strstr(rec.abstract, "SCRIPTMARKER"));
	ldx_record_clear(&rec);
}

/* Meta tags win over the page body; the body fills the rest.  The PMID
 * can come from the canonical link alone. */
static void test_pubmed_meta_and_body(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("pubmed-meta.html",
	         "<html><head><meta name=\"citation_title\" content=\"Title from tags\">"
	         "<link rel=\"canonical\" href=\"https://pubmed.ncbi.nlm.nih.gov/31415926/\">"
	         "</head><body><h1 class=\"heading-title\">Title from body</h1>"
	         "<div class=\"abstract-content selected\" id=\"eng-abstract\"><p>Body "
	         "abstract.</p></div></body></html>", &rec);
	assert_string_equal(rec.title, "Title from tags");
	assert_string_equal(rec.abstract, "Body abstract.");
	assert_string_equal(rec.pmid, "31415926");
	ldx_record_clear(&rec);
}

/* ---- Plain pages and the "not a paper" rule -------------------------------- */

static void test_not_a_paper(void **state)
{
	char links[8192];
	size_t pos;

	(void)state;
	expect_not_paper("login.html",
	                 "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
	                 "<form action=\"/login\"><label>Email</label><input name=\"e\">"
	                 "<label>Password</label><input type=\"password\" name=\"p\">"
	                 "<button>Sign in</button></form><p>Forgot your password?</p>"
	                 "</body></html>");
	expect_not_paper("404.html",
	                 "<html><head><title>404 Not Found</title></head><body><h1>Not Found"
	                 "</h1><p>The requested URL was not found on this server.</p>"
	                 "<hr><address>Apache Server</address></body></html>");
	/* Plenty of words, all of them in links. */
	pos = (size_t)snprintf(links, sizeof links,
	                       "<html><head><title>Useful links</title></head><body><ul>");
	for (int i = 0; i < 40; i++)
		pos += (size_t)snprintf(links + pos, sizeof links - pos,
		                        "<li><a href=\"/p%d\">Synaptic plasticity resource "
		                        "number %d</a></li>", i, i);
	snprintf(links + pos, sizeof links - pos, "</ul></body></html>");
	expect_not_paper("links.html", links);
	/* No title at all, however much text. */
	expect_not_paper("untitled.html",
	                 "<html><body><p>" "word word word word word word word word word word "
	                 "word word word word word word word word word word word word word word "
	                 "word word word word word word word word word word word word word word "
	                 "word word word word word word word word word word word word word word "
	                 "word word word word word word word word word word word word</p></body>"
	                 "</html>");
	/* Not even HTML. */
	expect_not_paper("empty.html", "");
}

/* An article page without metadata: <title> and the article's text,
 * without scripts, styles, navigation or footers. */
static const char plain_article[] =
	"<!DOCTYPE html><html><head><title>Why ketamine acts fast</title>"
	"<style>body { color: STYLEMARKER; }</style>"
	"<script>var tracker = \"SCRIPTMARKER\";</script></head><body>"
	"<nav><a href=\"/\">Home</a> NAVMARKER</nav>"
	"<header>HEADERMARKER</header>"
	"<article><h1>Why ketamine acts fast</h1>"
	"<p>Ketamine is an anaesthetic that also lifts mood within hours in many people "
	"with depression. This essay explains what is known about the synaptic changes "
	"behind that speed.</p>"
	"<script>document.write('SCRIPTMARKER2')</script>"
	"<p>Blocking NMDA receptors at rest stops a quiet signalling pathway, which in turn "
	"lets dendrites make more BDNF protein. BDNF then strengthens synapses in the "
	"hippocampus, and this homeostatic response may be what patients feel.</p>"
	"<aside>ASIDEMARKER</aside></article>"
	"<footer>FOOTERMARKER</footer></body></html>";

static void test_plain_article(void **state)
{
	static const char *const markers[] = {
		"SCRIPTMARKER", "STYLEMARKER", "NAVMARKER", "HEADERMARKER", "ASIDEMARKER",
		"FOOTERMARKER",
	};
	ldx_record rec;

	(void)state;
	read_str("essay.html", plain_article, &rec);
	assert_string_equal(rec.title, "Why ketamine acts fast");
	assert_non_null(rec.abstract);
	assert_true(strncmp(rec.abstract, "Ketamine is an anaesthetic", 26) == 0);
	assert_non_null(strstr(rec.abstract, "may be what patients feel."));
	for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
		if (strstr(rec.abstract, markers[i]))
			fail_msg("'%s' leaked into the abstract", markers[i]);
	assert_null(rec.doi);
	assert_null(rec.pmid);
	assert_int_equal(rec.authors.n, 0);
	ldx_record_clear(&rec);
}

/* The fallback abstract is bounded. */
static void test_plain_article_bounded(void **state)
{
	size_t cap = 200000, pos;
	char *page = malloc(cap);
	ldx_record rec;

	(void)state;
	assert_non_null(page);
	pos = (size_t)snprintf(page, cap, "<html><head><title>Long essay</title></head>"
	                       "<body><main>");
	while (pos + 100 < cap - 100)
		pos += (size_t)snprintf(page + pos, cap - pos, "<p>Synapses scale up slowly "
		                        "after long silence.</p>");
	snprintf(page + pos, cap - pos, "</main></body></html>");
	read_str("long.html", page, &rec);
	assert_string_equal(rec.title, "Long essay");
	assert_non_null(rec.abstract);
	assert_true(strlen(rec.abstract) <= 32 * 1024);
	assert_true(strlen(rec.abstract) > 30 * 1024);
	ldx_record_clear(&rec);
	free(page);
}

/* ---- Broken input ------------------------------------------------------------ */

static void test_broken_html(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("broken.html",
	         "<html><head><meta name=\"citation_title\" content=\"Unclosed but fine\">"
	         "<meta name=\"citation_author\" content=\"Kavalali, Ege\"<title>Broken"
	         "<body><div><p>text <b>bold <i>both</div></span></table>"
	         "<div class=\"abstract\"><p>Abstract: Unclosed tags <b>everywhere",
	         &rec);
	assert_string_equal(rec.title, "Unclosed but fine");
	assert_int_equal(rec.authors.n, 1);
	assert_string_equal(rec.authors.v[0], "Kavalali E");
	assert_string_equal(rec.abstract, "Unclosed tags everywhere");
	ldx_record_clear(&rec);
}

static void test_invalid_utf8(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("bad-utf8.html",
	         "<html><head><meta name=\"citation_title\" content=\"Synaptic \xff"
	         "scaling \xc3\x28 in \xe2\x82\xac mice\">"
	         "<meta name=\"citation_abstract\" content=\"Caf\xe9 au lait \xc3\xa9t\xc3\xa9\">"
	         "</head><body></body></html>", &rec);
	assert_string_equal(rec.title,
	                    "Synaptic \xef\xbf\xbdscaling \xef\xbf\xbd( in \xe2\x82\xac mice");
	assert_string_equal(rec.abstract, "Caf\xef\xbf\xbd au lait \xc3\xa9t\xc3\xa9");
	ldx_record_clear(&rec);
}

/* A page that declares Latin-1 and is Latin-1 is decoded as such. */
static void test_declared_charset(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("latin1.html",
	         "<html><head><meta http-equiv=\"Content-Type\" "
	         "content=\"text/html; CHARSET=ISO-8859-1\">"
	         "<meta name=\"citation_title\" content=\"R\xe9sum\xe9 of na\xefve synapses\">"
	         "</head><body></body></html>", &rec);
	assert_string_equal(rec.title, "R\xc3\xa9sum\xc3\xa9 of na\xc3\xafve synapses");
	ldx_record_clear(&rec);
}

/* A valid UTF-8 page with a stale Latin-1 declaration stays UTF-8. */
static void test_stale_charset(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("stale.html",
	         "<html><head><meta charset=\"windows-1252\">"
	         "<meta name=\"citation_title\" content=\"\xce\xb1-synuclein and "
	         "\xc3\xa9t\xc3\xa9\"></head><body></body></html>", &rec);
	assert_string_equal(rec.title, "\xce\xb1-synuclein and \xc3\xa9t\xc3\xa9");
	ldx_record_clear(&rec);
}

/* Deep nesting costs neither stack nor a crash. */
static void test_deep_nesting(void **state)
{
	size_t depth = 100000, cap = depth * 11 + 1024, pos;
	char *page = malloc(cap);
	ldx_record rec;
	ldx_status rc;
	ldx_error err;

	(void)state;
	assert_non_null(page);
	pos = (size_t)snprintf(page, cap, "<html><head><meta name=\"citation_title\" "
	                       "content=\"Deep\"></head><body>");
	for (size_t i = 0; i < depth; i++) {
		memcpy(page + pos, "<div>", 5);
		pos += 5;
	}
	pos += (size_t)snprintf(page + pos, cap - pos, "deep text");
	for (size_t i = 0; i < depth && pos + 6 < cap; i++) {
		memcpy(page + pos, "</div>", 6);
		pos += 6;
	}
	read_one("deep.html", page, pos, &rec, &rc, &err);
	assert_int_equal(rc, LDX_OK);
	assert_string_equal(rec.title, "Deep");
	ldx_record_clear(&rec);
	free(page);
}

static void test_too_large(void **state)
{
	size_t len = (size_t)64 * 1024 * 1024 + 1;
	char *page = malloc(len);
	ldx_record rec;
	ldx_status rc;
	ldx_error err;

	(void)state;
	assert_non_null(page);
	memset(page, ' ', len);
	memcpy(page, "<html>", 6);
	read_one("huge.html", page, len, &rec, &rc, &err);
	assert_int_equal(rc, LDX_ERR_PARSE);
	assert_string_equal(err.file, "huge.html");
	assert_int_equal(err.line, 1);
	assert_string_equal(err.message, "'huge.html': too large for a web page (over 64 MB)");
	ldx_record_clear(&rec);
	free(page);
}

/* ---- Real saved pages in ../shared/data -------------------------------------- */

static ldx_status read_path(const char *path, ldx_record *rec, ldx_error *err)
{
	ldx_input *in = NULL;
	void *st = NULL;
	ldx_status rc;
	ldx_record again;

	ldx_record_init(rec);
	ldx_record_init(&again);
	assert_int_equal(ldx_input_open_path(path, &in, err), LDX_OK);
	assert_int_equal(ldx_reader_html.open(in, &st, err), LDX_OK);
	rc = ldx_reader_html.next(st, rec, err);
	assert_int_equal(ldx_reader_html.next(st, &again, err), LDX_DONE);
	ldx_reader_html.close(st);
	ldx_input_close(in);
	return rc;
}

static void test_real_pubmed_old(void **state)
{
	const char *path = unit_shared_path("onebox-pubmed-html/pubmed.html");
	ldx_record rec;
	ldx_error err;

	(void)state;
	UNIT_REQUIRE_FILE(path);
	assert_int_equal(read_path(path, &rec, &err), LDX_OK);
	assert_string_equal(rec.title,
	                    "Evolutionary trees from DNA sequences: a maximum likelihood approach.");
	assert_string_equal(rec.pmid, "7288891");
	assert_null(rec.doi);
	assert_string_equal(rec.journal, "Journal of molecular evolution");
	assert_string_equal(rec.journal_abbrev, "J Mol Evol");
	assert_int_equal(rec.year, 1981);
	assert_int_equal(rec.authors.n, 1);
	assert_string_equal(rec.authors.v[0], "Felsenstein J");
	assert_non_null(rec.abstract);
	assert_true(strncmp(rec.abstract, "The application of maximum likelihood techniques",
	                    48) == 0);
	assert_int_equal(rec.mesh.n, 7);
	assert_string_equal(rec.mesh.v[0], "Base Sequence");
	assert_string_equal(rec.mesh.v[3], "DNA");
	assert_int_equal(rec.pub_types.n, 1);
	assert_int_equal(rec.keywords.n, 0);
	ldx_record_clear(&rec);
}

static void test_real_pubmed_electronic(void **state)
{
	const char *path = unit_shared_path("onebox-pubmed-html/pubmed-electronic.html");
	ldx_record rec;
	ldx_error err;

	(void)state;
	UNIT_REQUIRE_FILE(path);
	assert_int_equal(read_path(path, &rec, &err), LDX_OK);
	assert_string_equal(rec.title, "Cushingoid facies on (18)F-FDG PET/CT.");
	assert_string_equal(rec.pmid, "24737116");
	assert_string_equal(rec.doi, "10.1007/s00259-014-2762-2");
	assert_string_equal(rec.journal,
	                    "European journal of nuclear medicine and molecular imaging");
	assert_string_equal(rec.journal_abbrev, "Eur J Nucl Med Mol Imaging");
	assert_int_equal(rec.year, 2014);
	assert_int_equal(rec.authors.n, 5);
	assert_string_equal(rec.authors.v[0], "van Rheenen RW");
	assert_string_equal(rec.authors.v[2], "LA Plasschaert S");
	/* The page has no abstract, and the text around it is not one. */
	assert_null(rec.abstract);
	/* "Cushing Syndrome" is listed three times with qualifiers. */
	assert_int_equal(rec.mesh.n, 9);
	assert_string_equal(rec.mesh.v[1], "Cushing Syndrome");
	ldx_record_clear(&rec);
}

/* NCBI's ASN.1 and "report=xml" pages wrap records in <pre>: not papers
 * as web pages. */
static void test_real_record_dumps(void **state)
{
	static const char *const rels[] = {
		"biopython-entrez/Entrez/pubmed3.html",
		"onebox-pubmed-html/pubmed-xml.xml",
		"onebox-pubmed-html/pubmed-electronic-xml.xml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
		char path[4096];
		ldx_record rec;
		ldx_error err;

		snprintf(path, sizeof path, "%s", unit_shared_path(rels[i]));
		UNIT_REQUIRE_FILE(path);
		assert_int_equal(read_path(path, &rec, &err), LDX_ERR_FORMAT);
		assert_string_equal(err.file, path);
		assert_int_equal(err.line, 1);
		assert_non_null(strstr(err.message, NOT_A_PAPER));
		ldx_record_clear(&rec);
	}
}

/* Every saved HTML page in ../shared/data goes through without a crash
 * and sniffs as HTML. */
static void test_real_all_pages(void **state)
{
	static const char *const rels[] = {
		"onebox-pubmed-html/pubmed.html",
		"onebox-pubmed-html/pubmed-electronic.html",
		"onebox-pubmed-html/pubmed-xml.xml",
		"onebox-pubmed-html/pubmed-electronic-xml.xml",
		"biopython-entrez/Entrez/pubmed3.html",
	};
	int records = 0;

	(void)state;
	for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
		char path[4096];
		ldx_input *in = NULL;
		ldx_record rec;
		ldx_error err;
		const char *data;
		size_t len;

		snprintf(path, sizeof path, "%s", unit_shared_path(rels[i]));
		UNIT_REQUIRE_FILE(path);
		assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
		len = ldx_input_peek(in, &data);
		assert_int_equal(ldx_reader_html.sniff(data, len, "html"), 80);
		ldx_input_close(in);
		if (read_path(path, &rec, &err) == LDX_OK)
			records++;
		ldx_record_clear(&rec);
	}
	assert_int_equal(records, 2);
}

/* The sample page in corpus/formats (tests run from the repository root). */
static void test_corpus_sample(void **state)
{
	static const char *const authors[] = { "Miller JA", "Chen W", "Patel SR" };
	ldx_record rec;
	ldx_error err;

	(void)state;
	assert_int_equal(read_path("corpus/formats/publisher-page.html", &rec, &err), LDX_OK);
	assert_string_equal(rec.title,
	                    "BDNF release after low-dose ketamine in the mouse hippocampus");
	assert_list(&rec.authors, 3, authors);
	assert_string_equal(rec.journal_abbrev, "J Neurochem");
	assert_int_equal(rec.year, 2022);
	assert_int_equal(rec.keywords.n, 4);
	assert_true(strncmp(rec.abstract, "Background: A single low dose", 29) == 0);
	assert_null(strstr(rec.abstract, "Introduction"));
	ldx_record_clear(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_publisher_meta),
		cmocka_unit_test(test_citation_authors_list),
		cmocka_unit_test(test_meta_abstract_element),
		cmocka_unit_test(test_dublin_core),
		cmocka_unit_test(test_dc_title_alone),
		cmocka_unit_test(test_pubmed_current),
		cmocka_unit_test(test_pubmed_meta_and_body),
		cmocka_unit_test(test_not_a_paper),
		cmocka_unit_test(test_plain_article),
		cmocka_unit_test(test_plain_article_bounded),
		cmocka_unit_test(test_broken_html),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_declared_charset),
		cmocka_unit_test(test_stale_charset),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_real_pubmed_old),
		cmocka_unit_test(test_real_pubmed_electronic),
		cmocka_unit_test(test_real_record_dumps),
		cmocka_unit_test(test_real_all_pages),
		cmocka_unit_test(test_corpus_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
