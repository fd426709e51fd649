/*
 * test_pubmed.c: the PubMed XML reader (src/ingest/pubmed.c, on top of
 * src/ingest/xmlread.c): fields, record types, inline markup, errors
 * (records before an error, random cuts, lines past 65535) and hostile
 * input on small documents written here.  The real PubMed files in
 * ../shared/data are in test_pubmed_real.c.
 */
#include "unit.h"

#include <sys/stat.h>
#include <zlib.h>

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"
#include "reader_run.h"

/* ---- Running the reader ------------------------------------------------- */


static void run_doc(run *r, const char *name, const char *xml)
{
	ldx_input *in = NULL;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory(name, xml, strlen(xml), &in, &err), LDX_OK);
	run_input(&ldx_reader_pubmed, r, in);
	ldx_input_close(in);
}

/* A whole PubmedArticleSet around body. */
static char *article_set(const char *body)
{
	static const char head[] =
		"<?xml version=\"1.0\" ?>\n"
		"<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" "
		"\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n"
		"<PubmedArticleSet>\n";
	static const char tail[] = "</PubmedArticleSet>\n";
	size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, "%s%s%s", head, body, tail);
	return s;
}

/* One PubmedArticle: the given Article children, the rest of the
 * MedlineCitation after the Article, then PubmedData's children. */
static char *article_data(const char *pmid, const char *article, const char *after,
                          const char *data)
{
	char body[16384];

	snprintf(body, sizeof body,
	         "<PubmedArticle>\n<MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n"
	         "<PMID Version=\"1\">%s</PMID>\n<Article PubModel=\"Print\">\n%s\n</Article>\n"
	         "%s\n</MedlineCitation>\n<PubmedData>%s</PubmedData>\n</PubmedArticle>\n",
	         pmid, article, after, data);
	return article_set(body);
}

static char *one_article(const char *pmid, const char *article, const char *after)
{
	return article_data(pmid, article, after, "");
}

/* ---- Small documents ------------------------------------------------------ */

static void test_simple_article(void **state)
{
	char *xml = article_data("31000001",
		"<Journal><ISSN>1234-5678</ISSN><JournalIssue CitedMedium=\"Internet\">"
		"<Volume>7</Volume><PubDate><Year>2019</Year><Month>Mar</Month></PubDate></JournalIssue>"
		"<Title>Journal of Synthetic Results</Title><ISOAbbreviation>J Synth Res</ISOAbbreviation>"
		"</Journal>\n"
		"<ArticleTitle>Homeostatic plasticity at the synapse.</ArticleTitle>\n"
		"<ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.9999/ELOC.1</ELocationID>\n"
		"<Abstract><AbstractText>Neurons adjust   their\n strength.</AbstractText>"
		"<CopyrightInformation>Copyright 2019 Someone</CopyrightInformation></Abstract>\n"
		"<AuthorList CompleteYN=\"Y\">"
		"<Author ValidYN=\"Y\"><LastName>Kavalali</LastName><ForeName>Ege T</ForeName>"
		"<Initials>ET</Initials><AffiliationInfo><Affiliation>Somewhere</Affiliation>"
		"</AffiliationInfo></Author>"
		"<Author><LastName>Monteggia</LastName><ForeName>Lisa M</ForeName><Initials>LM</Initials></Author>"
		"</AuthorList>\n"
		"<Language>eng</Language><Language>ger</Language>\n"
		"<PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType>"
		"<PublicationType UI=\"D016454\">Review</PublicationType></PublicationTypeList>",
		"<MedlineJournalInfo><MedlineTA>J Synth Res TA</MedlineTA></MedlineJournalInfo>\n"
		"<MeshHeadingList><MeshHeading><DescriptorName UI=\"D1\" MajorTopicYN=\"N\">Neurons</DescriptorName>"
		"<QualifierName UI=\"Q1\">physiology</QualifierName></MeshHeading>"
		"<MeshHeading><DescriptorName UI=\"D2\">Synapses</DescriptorName></MeshHeading></MeshHeadingList>\n"
		"<KeywordList Owner=\"NOTNLM\"><Keyword MajorTopicYN=\"N\">scaling</Keyword>"
		"<Keyword>AMPA receptors</Keyword></KeywordList>",
		"<ArticleIdList>"
		"<ArticleId IdType=\"pubmed\">31000001</ArticleId>"
		"<ArticleId IdType=\"doi\">https://doi.org/10.9999/ABC.2019.01</ArticleId>"
		"<ArticleId IdType=\"pmc\">PMC6543210</ArticleId></ArticleIdList>"
		"<ReferenceList><Reference><Citation>Other paper.</Citation><ArticleIdList>"
		"<ArticleId IdType=\"doi\">10.1111/cited.paper</ArticleId>"
		"<ArticleId IdType=\"pmc\">PMC1111111</ArticleId></ArticleIdList></Reference></ReferenceList>");
	run r;

	run_doc(&r, "simple.xml", xml);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	const ldx_record *rec = &r.recs[0];
	assert_string_equal(rec->pmid, "31000001");
	assert_false(rec->is_delete);
	assert_string_equal(rec->title, "Homeostatic plasticity at the synapse.");
	assert_string_equal(rec->abstract, "Neurons adjust their strength.");
	assert_string_equal(rec->journal, "Journal of Synthetic Results");
	assert_string_equal(rec->journal_abbrev, "J Synth Res");
	assert_int_equal(rec->year, 2019);
	/* PubmedData's DOI beats ELocationID, and is normalised; references'
	 * ids are someone else's. */
	assert_string_equal(rec->doi, "10.9999/abc.2019.01");
	assert_string_equal(rec->pmcid, "PMC6543210");
	assert_string_equal(rec->language, "eng");
	assert_int_equal(rec->authors.n, 2);
	assert_string_equal(item(&rec->authors, 0), "Kavalali ET");
	assert_string_equal(item(&rec->authors, 1), "Monteggia LM");
	assert_int_equal(rec->mesh.n, 2);
	assert_string_equal(item(&rec->mesh, 0), "Neurons");
	assert_string_equal(item(&rec->mesh, 1), "Synapses");
	assert_int_equal(rec->keywords.n, 2);
	assert_string_equal(item(&rec->keywords, 1), "AMPA receptors");
	assert_int_equal(rec->pub_types.n, 2);
	assert_string_equal(item(&rec->pub_types, 1), "Review");
	assert_int_equal(rec->line, 4);
	assert_null(rec->body);
	run_free(&r);
	free(xml);
}

static void test_fallbacks(void **state)
{
	/* No ArticleIdList DOI: ELocationID.  No ISOAbbreviation: MedlineTA.
	 * No ArticleTitle: VernacularTitle.  No PubDate year: ArticleDate. */
	char *xml = one_article("5",
		"<Journal><JournalIssue><PubDate><Season>Spring</Season></PubDate></JournalIssue>"
		"<Title>Revista</Title></Journal>"
		"<VernacularTitle>Título original.</VernacularTitle>"
		"<ELocationID EIdType=\"pii\">S0001</ELocationID>"
		"<ELocationID EIdType=\"doi\">DOI:10.5555/Elo.5</ELocationID>"
		"<ArticleDate DateType=\"Electronic\"><Year>2021</Year><Month>02</Month></ArticleDate>",
		"<MedlineJournalInfo><MedlineTA>Rev TA</MedlineTA></MedlineJournalInfo>");
	run r;

	run_doc(&r, "fallbacks.xml", xml);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Título original.");
	assert_string_equal(r.recs[0].doi, "10.5555/elo.5");
	assert_string_equal(r.recs[0].journal_abbrev, "Rev TA");
	assert_int_equal(r.recs[0].year, 2021);
	assert_null(r.recs[0].pmcid);
	assert_null(r.recs[0].abstract);
	run_free(&r);
	free(xml);
}

static void test_structured_abstract(void **state)
{
	char *xml = one_article("7",
		"<ArticleTitle>T.</ArticleTitle><Abstract>"
		"<AbstractText Label=\"BACKGROUND\" NlmCategory=\"BACKGROUND\">Why.</AbstractText>\n"
		"<AbstractText Label=\"METHODS\" NlmCategory=\"METHODS\">How <i>exactly</i>.</AbstractText>"
		"<AbstractText Label=\"RESULTS\">What.</AbstractText>"
		"<AbstractText Label=\"\">Unlabelled tail.</AbstractText>"
		"</Abstract>",
		"<OtherAbstract Type=\"Publisher\" Language=\"spa\"><AbstractText>Otro.</AbstractText></OtherAbstract>");
	run r;

	run_doc(&r, "structured.xml", xml);
	assert_int_equal(r.n, 1);
	/* OtherAbstract is only a stand-in when there is no Abstract. */
	assert_string_equal(r.recs[0].abstract,
	                    "BACKGROUND: Why. METHODS: How exactly. RESULTS: What. Unlabelled tail.");
	assert_int_equal(count_labels(r.recs[0].abstract), 3);
	run_free(&r);
	free(xml);

	xml = one_article("8", "<ArticleTitle>T.</ArticleTitle>",
		"<OtherAbstract Type=\"Publisher\" Language=\"spa\">"
		"<AbstractText Label=\"OBJETIVO\">Otro.</AbstractText></OtherAbstract>");
	run_doc(&r, "other.xml", xml);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].abstract, "OBJETIVO: Otro.");
	run_free(&r);
	free(xml);
}

static void test_inline_markup(void **state)
{
	char *xml = one_article("9",
		"<ArticleTitle>Ca<sup>2+</sup> entry <i>in vivo</i> study of H<sub>2</sub>O "
		"and <b>bold</b><u>ly</u> <mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">"
		"<mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup><mml:mo>+</mml:mo>"
		"<mml:mi>y</mml:mi></mml:math>-fold.</ArticleTitle>"
		"<Abstract><AbstractText>First<!-- a comment -->part<?pi x?> and"
		"<![CDATA[ raw <text> ]]>end.</AbstractText>"
		"<AbstractText>Second section.</AbstractText></Abstract>",
		"<KeywordList><Keyword><i>Drosophila</i> melanogaster</Keyword></KeywordList>");
	run r;

	run_doc(&r, "inline.xml", xml);
	assert_int_equal(r.n, 1);
	/* Formatting adds no space; MathML tokens are kept apart. */
	assert_string_equal(r.recs[0].title,
	                    "Ca2+ entry in vivo study of H2O and boldly x 2 + y -fold.");
	/* Comments and PIs are not text; CDATA is; separate sections are
	 * separated. */
	assert_string_equal(r.recs[0].abstract, "Firstpart and raw <text> end. Second section.");
	assert_string_equal(item(&r.recs[0].keywords, 0), "Drosophila melanogaster");
	run_free(&r);
	free(xml);
}

static void test_medline_date_years(void **state)
{
	static const struct {
		const char *pubdate;
		int year;
	} cases[] = {
		{ "<MedlineDate>2019 Jan-Feb</MedlineDate>", 2019 },
		{ "<MedlineDate>1998 Dec-1999 Jan</MedlineDate>", 1998 },
		{ "<MedlineDate>Spring 2001</MedlineDate>", 2001 },
		{ "<Year>2007</Year><Month>Jul</Month>", 2007 },
		{ "<Season>Summer</Season>", 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char article[512];
		char *xml;
		run r;

		snprintf(article, sizeof article,
		         "<Journal><JournalIssue><PubDate>%s</PubDate></JournalIssue></Journal>"
		         "<ArticleTitle>T.</ArticleTitle>", cases[i].pubdate);
		xml = one_article("10", article, "");
		run_doc(&r, "dates.xml", xml);
		assert_int_equal(r.n, 1);
		assert_int_equal(r.recs[0].year, cases[i].year);
		run_free(&r);
		free(xml);
	}
}

static void test_authors(void **state)
{
	char *xml = one_article("11",
		"<ArticleTitle>T.</ArticleTitle><AuthorList>"
		"<Author><LastName>Nielsen</LastName><ForeName>Poul M F</ForeName></Author>"
		"<Author><LastName>Dupont</LastName><ForeName>jean-paul</ForeName></Author>"
		"<Author><LastName>Émile</LastName><ForeName>Émile Zoë</ForeName></Author>"
		"<Author ValidYN=\"N\"><LastName>Wrong</LastName><Initials>W</Initials></Author>"
		"<Author><CollectiveName>ASTRO-CM Team</CollectiveName></Author>"
		"<Author><LastName>Plato</LastName></Author>"
		"</AuthorList>", "");
	run r;

	run_doc(&r, "authors.xml", xml);
	assert_int_equal(r.n, 1);
	const ldx_strlist *a = &r.recs[0].authors;
	assert_int_equal(a->n, 5);
	assert_string_equal(item(a, 0), "Nielsen PMF");
	assert_string_equal(item(a, 1), "Dupont JP");
	assert_string_equal(item(a, 2), "Émile ÉZ");
	assert_string_equal(item(a, 3), "ASTRO-CM Team");
	assert_string_equal(item(a, 4), "Plato");
	run_free(&r);
	free(xml);
}

static void test_delete_citation(void **state)
{
	char *xml = article_set(
		"<PubmedArticle><MedlineCitation><PMID>100</PMID><Article><ArticleTitle>Kept.</ArticleTitle>"
		"</Article></MedlineCitation></PubmedArticle>\n"
		"<DeleteCitation>\n<PMID Version=\"1\">201</PMID>\n<PMID Version=\"1\">202</PMID>\n"
		"<PMID Version=\"1\">203</PMID>\n</DeleteCitation>\n"
		"<PubmedArticle><MedlineCitation><PMID>300</PMID></MedlineCitation></PubmedArticle>\n");
	run r;

	run_doc(&r, "deletes.xml", xml);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 5);
	assert_string_equal(r.recs[0].pmid, "100");
	assert_false(r.recs[0].is_delete);
	for (int i = 0; i < 3; i++) {
		const ldx_record *d = &r.recs[1 + i];
		char want[16];

		snprintf(want, sizeof want, "%d", 201 + i);
		assert_true(d->is_delete);
		assert_string_equal(d->pmid, want);
		assert_null(d->title);
		assert_int_equal(d->authors.n, 0);
		assert_int_equal(d->line, 6 + i);
	}
	assert_string_equal(r.recs[4].pmid, "300");
	assert_false(r.recs[4].is_delete);
	run_free(&r);
	free(xml);
}

static void test_book_article(void **state)
{
	static const char xml[] =
		"<PubmedBookArticleSet>\n<PubmedBookArticle>\n<BookDocument>\n"
		"<PMID Version=\"1\">21413195</PMID>\n"
		"<ArticleIdList><ArticleId IdType=\"bookaccession\">NBK1</ArticleId>"
		"<ArticleId IdType=\"doi\">10.7777/Book.Chapter</ArticleId></ArticleIdList>\n"
		"<Book><Publisher><PublisherName>Press</PublisherName></Publisher>"
		"<BookTitle book=\"x\">Big Book of Tests</BookTitle>"
		"<PubDate><Year>2009</Year><Month>Feb</Month></PubDate>"
		"<AuthorList Type=\"editors\"><Author><LastName>Editor</LastName><Initials>E</Initials>"
		"</Author></AuthorList></Book>\n"
		"<ArticleTitle book=\"x\" part=\"ch1\">Chapter one</ArticleTitle>\n"
		"<Language>eng</Language>\n"
		"<AuthorList Type=\"authors\"><Author><LastName>Writer</LastName><Initials>W</Initials>"
		"</Author></AuthorList>\n"
		"<PublicationType UI=\"D016454\">Review</PublicationType>\n"
		"<Abstract><AbstractText Label=\"SUMMARY\">Short.</AbstractText></Abstract>\n"
		"</BookDocument>\n</PubmedBookArticle>\n"
		"<PubmedBookArticle><BookDocument><PMID>20821847</PMID>"
		"<Book><BookTitle>Whole Book</BookTitle><PubDate><Year>2001</Year></PubDate>"
		"<AuthorList Type=\"authors\"><Author><LastName>Nussey</LastName><ForeName>Stephen</ForeName>"
		"</Author></AuthorList></Book></BookDocument></PubmedBookArticle>\n"
		"</PubmedBookArticleSet>\n";
	run r;

	run_doc(&r, "books.xml", xml);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 2);
	const ldx_record *ch = &r.recs[0], *bk = &r.recs[1];
	assert_string_equal(ch->pmid, "21413195");
	assert_string_equal(ch->title, "Chapter one");
	assert_string_equal(ch->journal, "Big Book of Tests");
	assert_string_equal(ch->doi, "10.7777/book.chapter");
	assert_int_equal(ch->year, 2009);
	assert_int_equal(ch->authors.n, 1);   /* editors are not authors */
	assert_string_equal(item(&ch->authors, 0), "Writer W");
	assert_string_equal(ch->abstract, "SUMMARY: Short.");
	assert_string_equal(item(&ch->pub_types, 0), "Review");
	assert_string_equal(ch->language, "eng");
	assert_int_equal(ch->line, 2);
	/* A whole book: its title is the title; the book's authors count. */
	assert_string_equal(bk->title, "Whole Book");
	assert_null(bk->journal);
	assert_int_equal(bk->year, 2001);
	assert_int_equal(bk->authors.n, 1);
	assert_string_equal(item(&bk->authors, 0), "Nussey S");
	run_free(&r);
}

static void test_other_roots(void **state)
{
	static const char medline_set[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE MedlineCitationSet PUBLIC \"-//NLM//DTD Medline Citation, 1st January, 2016//EN\"\n"
		"  \"https://www.nlm.nih.gov/databases/dtd/nlmmedlinecitationset_160101.dtd\">\n"
		"<MedlineCitationSet>\n"
		"<MedlineCitation Owner=\"NLM\" Status=\"MEDLINE\">\n<PMID Version=\"1\">17942999</PMID>\n"
		"<Article><Journal><Title>Old Journal</Title></Journal><ArticleTitle>One.</ArticleTitle></Article>\n"
		"</MedlineCitation>\n"
		"<MedlineCitation Owner=\"NLM\"><PMID>17943000</PMID></MedlineCitation>\n"
		"<DeleteCitation>\n<PMID Version=\"1\">26432306</PMID>\n</DeleteCitation>\n"
		"</MedlineCitationSet>\n";
	static const char bare_article[] =
		"<PubmedArticle><MedlineCitation><PMID>42</PMID><Article><ArticleTitle>Bare.</ArticleTitle>"
		"</Article></MedlineCitation></PubmedArticle>";
	static const char bare_citation[] =
		"<?xml version=\"1.0\"?>\n<MedlineCitation><PMID>43</PMID></MedlineCitation>\n";
	run r;

	run_doc(&r, "medline.xml", medline_set);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.recs[0].pmid, "17942999");
	assert_string_equal(r.recs[0].title, "One.");
	assert_string_equal(r.recs[0].journal, "Old Journal");
	assert_int_equal(r.recs[0].line, 5);
	assert_string_equal(r.recs[1].pmid, "17943000");
	assert_int_equal(r.recs[1].line, 9);
	assert_true(r.recs[2].is_delete);
	assert_string_equal(r.recs[2].pmid, "26432306");
	assert_int_equal(r.recs[2].line, 11);
	run_free(&r);

	run_doc(&r, "bare.xml", bare_article);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].pmid, "42");
	assert_string_equal(r.recs[0].title, "Bare.");
	run_free(&r);

	run_doc(&r, "citation.xml", bare_citation);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].pmid, "43");
	assert_int_equal(r.recs[0].line, 2);
	run_free(&r);
}

static void test_malformed(void **state)
{
	static const char xml[] =
		"<PubmedArticleSet>\n"
		"<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>\n"
		"<PubmedArticle><MedlineCitation><PMID>2</PMID></MedlineCitation></PubmedArticle>\n"
		"<PubmedArticle><MedlineCitation><PMID>3</PMID><Article>\n"
		"<ArticleTitle>Broken\n"
		"</Article>\n"
		"</MedlineCitation></PubmedArticle>\n"
		"<PubmedArticle><MedlineCitation><PMID>4</PMID></MedlineCitation></PubmedArticle>\n"
		"</PubmedArticleSet>\n";
	run r;

	run_doc(&r, "papers.xml", xml);
	/* The records before the error come out; then one error; then done. */
	assert_int_equal(r.n, 2);
	assert_string_equal(r.recs[0].pmid, "1");
	assert_string_equal(r.recs[1].pmid, "2");
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.err.code, LDX_ERR_PARSE);
	assert_string_equal(r.err.file, "papers.xml");
	assert_int_equal(r.err.line, 6);
	assert_string_equal(r.err.message,
	                    "opening and ending tag mismatch: ArticleTitle line 5 and Article");
	assert_null(strchr(r.err.message, '\n'));
	run_free(&r);

	/* Truncated in the middle of a record, and junk. */
	run_doc(&r, "cut.xml", "<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID>");
	assert_int_equal(r.n, 0);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_int_equal(r.err.line, 2);
	assert_true(r.err.message[0] != '\0');
	run_free(&r);

	run_doc(&r, "junk.xml", "this is not xml at all");
	assert_int_equal(r.n, 0);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_int_equal(r.errors, 1);
	run_free(&r);
}

/* n one-line records, PMIDs 1..n, with record bad (if any) broken: in its
 * Article, or with bad_data, in PubmedData after a whole MedlineCitation. */
static char *many_records_at(int n, int bad, int bad_data)
{
	size_t cap = (size_t)n * 256 + 256, len = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len, "<PubmedArticleSet>\n");
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(s + len, cap - len,
		                        "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                        "<ArticleTitle>Record number %d.</ArticleTitle>%s</Article>"
		                        "</MedlineCitation><PubmedData>%s</PubmedData></PubmedArticle>\n",
		                        i, i, i == bad && !bad_data ? "<Oops>" : "",
		                        i == bad && bad_data ? "<Oops>" : "");
	snprintf(s + len, cap - len, "</PubmedArticleSet>\n");
	return s;
}

static char *many_records(int n, int bad)
{
	return many_records_at(n, bad, 0);
}

/* The records of r are exactly PMIDs 1..n in order, each whole. */
static void assert_prefix(const run *r, size_t n)
{
	assert_int_equal(r->n, n);
	for (size_t i = 0; i < n; i++) {
		char want[64];

		snprintf(want, sizeof want, "%zu", i + 1);
		assert_string_equal(r->recs[i].pmid, want);
		snprintf(want, sizeof want, "Record number %zu.", i + 1);
		assert_string_equal(r->recs[i].title, want);
		assert_int_equal(r->recs[i].line, (long)i + 2);
	}
}

static void test_error_late(void **state)
{
	char *xml = many_records(200, 150);
	run r;

	/* Far past the first chunks: records come from the reader, then from
	 * what the parser built before it stopped; none twice, none lost. */
	run_doc(&r, "late.xml", xml);
	assert_prefix(&r, 149);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.err.line, 151);
	assert_string_equal(r.err.message,
	                    "opening and ending tag mismatch: Oops line 151 and Article");
	run_free(&r);
	free(xml);

	/* Broken after its MedlineCitation: the whole PubmedArticle is lost,
	 * not half of it. */
	for (int n = 3; n <= 200; n += 197) {
		xml = many_records_at(n, n - 1, 1);
		run_doc(&r, "late.xml", xml);
		assert_prefix(&r, (size_t)n - 2);
		assert_int_equal(r.rc, LDX_ERR_PARSE);
		assert_int_equal(r.err.line, n);
		run_free(&r);
		free(xml);
	}
}

/*
 * A file cut short anywhere, 3000 times (a fixed seed): the records whose
 * end tag lies inside the cut come out whole and in order, none lost to
 * the parser having read ahead and none twice, then exactly one error at
 * a line inside the cut.  A cut after the root's end tag is a clean end.
 */
static void test_random_cuts(void **state)
{
	enum { RECORDS = 200 };
	char *xml = many_records(RECORDS, 0), *buf;
	size_t len = strlen(xml), ends[RECORDS], nends = 0, root_end, lines_in = 0;
	unsigned long seed = 20240601;
	const char *p = xml;
	run r;

	while ((p = strstr(p, "</PubmedArticle>")) != NULL) {
		p += strlen("</PubmedArticle>");
		ends[nends++] = (size_t)(p - xml);
	}
	assert_int_equal(nends, RECORDS);
	root_end = (size_t)(strstr(xml, "</PubmedArticleSet>") - xml) + strlen("</PubmedArticleSet>");
	buf = malloc(len + 1);
	assert_non_null(buf);
	for (int i = 0; i < 3000; i++) {
		size_t cut, closed = 0;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		cut = (size_t)(seed >> 33) % (len + 1);
		while (closed < nends && ends[closed] <= cut)
			closed++;
		memcpy(buf, xml, cut);
		buf[cut] = '\0';
		lines_in = 1;
		for (size_t k = 0; k < cut; k++)
			lines_in += buf[k] == '\n';
		run_doc(&r, "cut.xml", buf);
		if (r.n != closed)
			fail_msg("cut at %zu: %zu records, want %zu", cut, r.n, closed);
		assert_prefix(&r, closed);
		if (cut >= root_end) {
			assert_int_equal(r.rc, LDX_DONE);
		} else {
			assert_int_equal(r.rc, LDX_ERR_PARSE);
			assert_int_equal(r.errors, 1);
			assert_string_equal(r.err.file, "cut.xml");
			assert_true(r.err.line >= 1 && r.err.line <= (long)lines_in);
		}
		run_free(&r);
	}
	free(buf);
	free(xml);
}

/*
 * Record lines stay exact past libxml2's 16-bit element lines: records
 * read in the normal way, a DeleteCitation's PMIDs, and records handed out
 * from the parsed tree after an error.
 */
static void test_big_lines(void **state)
{
	enum { PAD = 70000 };
	static const char tail_ok[] =
		"<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>\n"
		"<DeleteCitation>\n<PMID>2</PMID>\n<PMID>3</PMID>\n</DeleteCitation>\n"
		"<PubmedArticle>\n<MedlineCitation><PMID>4</PMID></MedlineCitation></PubmedArticle>\n"
		"</PubmedArticleSet>\n";
	static const char tail_bad[] =
		"<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>\n"
		"<PubmedArticle>\n<MedlineCitation><PMID>2</PMID></MedlineCitation></PubmedArticle>\n"
		"<PubmedArticle><MedlineCitation><PMID>3</PMID></Oops></PubmedArticle>\n";
	char *xml = malloc(PAD + sizeof tail_ok + 64);
	const char *tails[] = { tail_ok, tail_bad };
	run r;

	assert_non_null(xml);
	for (int t = 0; t < 2; t++) {
		char *p = xml + sprintf(xml, "<PubmedArticleSet>\n");

		memset(p, '\n', PAD);
		strcpy(p + PAD, tails[t]);
		run_doc(&r, "far.xml", xml);
		if (t == 0) {
			assert_int_equal(r.rc, LDX_DONE);
			assert_int_equal(r.n, 4);
			assert_int_equal(r.recs[0].line, PAD + 2);
			assert_true(r.recs[1].is_delete);
			assert_int_equal(r.recs[1].line, PAD + 4);
			assert_int_equal(r.recs[2].line, PAD + 5);
			assert_int_equal(r.recs[3].line, PAD + 7);
			assert_string_equal(r.recs[3].pmid, "4");
		} else {
			assert_int_equal(r.rc, LDX_ERR_PARSE);
			assert_int_equal(r.n, 2);
			assert_string_equal(r.recs[1].pmid, "2");
			assert_int_equal(r.recs[0].line, PAD + 2);
			assert_int_equal(r.recs[1].line, PAD + 3);
			assert_int_equal(r.err.line, PAD + 5);
		}
		run_free(&r);
	}
	free(xml);
}

/* The first line of /etc/passwd, the text an external entity would leak. */
static void passwd_line(char *buf, size_t n)
{
	FILE *f = fopen("/etc/passwd", "r");

	buf[0] = '\0';
	if (f) {
		if (fgets(buf, (int)n, f))
			buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
	}
	if (!buf[0])
		snprintf(buf, n, "root:");
}

static void assert_no_text(const ldx_record *rec, const char *s)
{
	const char *fields[] = { rec->pmid, rec->doi, rec->pmcid, rec->title, rec->abstract,
	                         rec->journal, rec->journal_abbrev, rec->language };
	const ldx_strlist *lists[] = { &rec->keywords, &rec->mesh, &rec->authors, &rec->pub_types };

	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		assert_true(!fields[i] || !strstr(fields[i], s));
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		for (size_t j = 0; j < lists[i]->n; j++)
			assert_null(strstr(lists[i]->v[j], s));
}

static void test_external_entity(void **state)
{
	static const char general[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE PubmedArticleSet [<!ENTITY e SYSTEM \"file:///etc/passwd\">"
		"<!ENTITY net SYSTEM \"https://example.invalid/x.txt\">"
		"<!ENTITY eacute \"&#233;\">]>\n"
		"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
		"<ArticleTitle>Before &e; after caf&eacute;.</ArticleTitle>"
		"<Abstract><AbstractText>&e;&net;Text.</AbstractText></Abstract>"
		"<AuthorList><Author><LastName>&e;</LastName><Initials>X</Initials></Author></AuthorList>"
		"</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n";
	static const char parameter[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE PubmedArticleSet [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
		"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
		"<ArticleTitle>Plain.</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
		"</PubmedArticleSet>\n";
	char leak[256];
	run r;

	passwd_line(leak, sizeof leak);
	run_doc(&r, "xxe.xml", general);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	/* The external reference is dropped; a short internal one is read. */
	assert_string_equal(r.recs[0].title, "Before after café.");
	assert_string_equal(r.recs[0].abstract, "Text.");
	assert_no_text(&r.recs[0], leak);
	assert_no_text(&r.recs[0], "root:");
	run_free(&r);

	run_doc(&r, "xxe-pe.xml", parameter);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Plain.");
	assert_no_text(&r.recs[0], leak);
	run_free(&r);
}

static void test_entity_bombs(void **state)
{
	char xml[4096], *p = xml;
	size_t left = sizeof xml;
	run r;

	/* Billion laughs: ten levels of ten references. */
	p += snprintf(p, left, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
	              "<!ENTITY lol0 \"lol\">\n");
	for (int i = 1; i <= 10; i++) {
		p += snprintf(p, sizeof xml - (size_t)(p - xml), "<!ENTITY lol%d \"", i);
		for (int k = 0; k < 10; k++)
			p += snprintf(p, sizeof xml - (size_t)(p - xml), "&lol%d;", i - 1);
		p += snprintf(p, sizeof xml - (size_t)(p - xml), "\">\n");
	}
	snprintf(p, sizeof xml - (size_t)(p - xml),
	         "]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
	         "<ArticleTitle>&lol10;</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
	         "</PubmedArticleSet>\n");
	run_doc(&r, "lol.xml", xml);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_string_equal(r.err.file, "lol.xml");
	assert_true(r.err.message[0] != '\0');
	run_free(&r);

	/* One long entity used many times (quadratic blowup) is not read. */
	{
		size_t n = 200000;
		char *big = malloc(n), *q = big;

		assert_non_null(big);
		q += sprintf(q, "<!DOCTYPE PubmedArticleSet [<!ENTITY a \"");
		for (int i = 0; i < 10000; i++)
			*q++ = 'a';
		q += sprintf(q, "\">]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
		             "<Article><ArticleTitle>x");
		for (int i = 0; i < 5000; i++)
			q += sprintf(q, "&a;");
		sprintf(q, "y</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
		        "</PubmedArticleSet>\n");
		run_doc(&r, "blowup.xml", big);
		assert_int_equal(r.rc, LDX_DONE);
		assert_int_equal(r.n, 1);
		assert_string_equal(r.recs[0].title, "xy");
		run_free(&r);
		free(big);
	}
}

/* Writes text gzip-compressed to dir/name; returns the compressed size. */
static long write_gz(const char *dir, const char *name, const char *text, char *path,
                     size_t pathlen)
{
	struct stat sb;
	gzFile gz;

	snprintf(path, pathlen, "%s/%s", dir, name);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
	assert_int_equal(gzclose(gz), Z_OK);
	assert_int_equal(stat(path, &sb), 0);
	return (long)sb.st_size;
}

static void test_gzip_file(void **state)
{
	char dir[] = "/tmp/litdex-test-pubmed-XXXXXX";
	char path[sizeof dir + 32], cut[sizeof dir + 32];
	char *xml = one_article("777",
		"<Journal><Title>Zipped</Title></Journal><ArticleTitle>Compressed record.</ArticleTitle>", "");
	char *many = many_records(2000, 0);
	long size;
	run r;

	assert_non_null(mkdtemp(dir));
	write_gz(dir, "papers.xml.gz", xml, path, sizeof path);
	run_path(&ldx_reader_pubmed, &r, path);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].pmid, "777");
	assert_string_equal(r.recs[0].title, "Compressed record.");
	assert_string_equal(r.recs[0].journal, "Zipped");
	run_free(&r);

	/* Cut to half its compressed bytes: one error, after a clean run of
	 * whole records. */
	size = write_gz(dir, "cut.xml.gz", many, cut, sizeof cut);
	assert_int_equal(truncate(cut, size / 2), 0);
	run_path(&ldx_reader_pubmed, &r, cut);
	assert_true(r.rc == LDX_ERR_IO || r.rc == LDX_ERR_PARSE);
	assert_int_equal(r.errors, 1);
	assert_true(r.n > 100 && r.n < 2000);
	assert_prefix(&r, r.n);
	run_free(&r);

	unlink(path);
	unlink(cut);
	rmdir(dir);
	free(many);
	free(xml);
}

static void test_sniff(void **state)
{
	static const struct {
		const char *text;
		int yes;
	} cases[] = {
		{ "<PubmedArticleSet>", 1 },
		{ "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- a <comment> -->\n"
		  "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle//EN\" "
		  "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>", 1 },
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"<b>\"> <!-- ] > -->]>\n"
		  "<PubmedArticle>", 1 },
		{ "  <MedlineCitationSet>", 1 },
		{ "<PubmedBookArticle>", 1 },
		{ "<PubmedBookArticleSet>", 1 },
		{ "<MedlineCitation Owner=\"NLM\">", 1 },
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE pmc-articleset>\n<pmc-articleset><article>", 0 },
		{ "<article xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" article-type=\"x\">", 0 },
		{ "<PubmedArticleSetX>", 0 },
		{ "<!DOCTYPE x [<!ENTITY a '<PubmedArticleSet>'>]>\n<article>", 0 },
		{ "PMID- 12345\nTI  - A title\n", 0 },
		{ "", 0 },
		{ "<?xml version=\"1.0\"?>", 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int score = ldx_reader_pubmed.sniff(cases[i].text, strlen(cases[i].text), "xml");
		if (cases[i].yes)
			assert_true(score >= 50);
		else
			assert_int_equal(score, 0);
	}
	assert_string_equal(ldx_reader_pubmed.name, "pubmed");
}

/* Through format detection, as the indexer uses it. */
static void test_detected(void **state)
{
	char *xml = one_article("55", "<ArticleTitle>Found.</ArticleTitle>", "");
	ldx_input *in = NULL;
	ldx_reader *rd = NULL;
	ldx_record rec;
	ldx_error err;

	ldx_record_init(&rec);
	assert_int_equal(ldx_input_open_memory("d.xml", xml, strlen(xml), &in, &err), LDX_OK);
	assert_int_equal(ldx_reader_open(in, NULL, &rd, &err), LDX_OK);
	assert_string_equal(ldx_reader_format(rd), "pubmed");
	assert_int_equal(ldx_reader_next(rd, &rec, &err), LDX_OK);
	assert_string_equal(rec.title, "Found.");
	assert_int_equal(ldx_reader_next(rd, &rec, &err), LDX_DONE);
	ldx_record_clear(&rec);
	ldx_reader_close(rd);
	ldx_input_close(in);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_article),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_structured_abstract),
		cmocka_unit_test(test_inline_markup),
		cmocka_unit_test(test_medline_date_years),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_delete_citation),
		cmocka_unit_test(test_book_article),
		cmocka_unit_test(test_other_roots),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_error_late),
		cmocka_unit_test(test_random_cuts),
		cmocka_unit_test(test_big_lines),
		cmocka_unit_test(test_external_entity),
		cmocka_unit_test(test_entity_bombs),
		cmocka_unit_test(test_gzip_file),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_detected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
