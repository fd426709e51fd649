/*
 * test_jats.c: the PMC / JATS reader (src/ingest/jats.c, on top of
 * src/ingest/xmlread.c): fields, inline markup, abstract and date choices,
 * article sets, errors (random cuts among them) and hostile input on small
 * documents written here.  The real PMC files in ../shared/data and the
 * sample in corpus/formats/ are in test_jats_real.c.
 */
#include "unit.h"

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"
#include "reader_run.h"
#include "record.h"

/* ---- Running the reader ----------------------------------------------------- */


static void run_mem(run *r, const char *name, const char *xml, size_t len)
{
	ldx_input *in = NULL;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory(name, xml, len, &in, &err), LDX_OK);
	run_input(&ldx_reader_jats, r, in);
	ldx_input_close(in);
}

static void run_doc(run *r, const char *name, const char *xml)
{
	run_mem(r, name, xml, strlen(xml));
}

/* One article with front matter fm (inside article-meta) and rest after
 * </front>, in a malloc'ed document. */
static char *article(const char *meta, const char *rest)
{
	static const char fmt[] =
		"<?xml version=\"1.0\"?>\n"
		"<article article-type=\"research-article\" "
		"xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">\n"
		"<front><journal-meta><journal-title-group><journal-title>J Test</journal-title>"
		"</journal-title-group></journal-meta>\n"
		"<article-meta>%s</article-meta></front>\n%s\n</article>\n";
	size_t n = sizeof fmt + strlen(meta) + strlen(rest);
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, fmt, meta, rest);
	return s;
}

static void run_article(run *r, const char *meta, const char *rest)
{
	char *xml = article(meta, rest);

	run_doc(r, "a.nxml", xml);
	free(xml);
	assert_int_equal(r->rc, LDX_DONE);
	assert_int_equal(r->n, 1);
}

static int sniff(const char *s)
{
	return ldx_reader_jats.sniff(s, strlen(s), "xml");
}

/* ---- Fields ------------------------------------------------------------------- */

static void test_front_fields(void **state)
{
	run r;

	run_article(&r,
		"<article-id pub-id-type=\"pmid\"> 4242 </article-id>"
		"<article-id pub-id-type=\"pmc\">777</article-id>"
		"<article-id pub-id-type=\"doi\">https://doi.org/10.5555/Test.ONE</article-id>"
		"<article-id pub-id-type=\"doi\">10.5555/second</article-id>"
		"<title-group><article-title>Ca<sup>2+</sup> waves in <italic>E.\n coli</italic>"
		"<xref ref-type=\"fn\" rid=\"n1\">a</xref>and"
		"<mml:math><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:math>"
		"<inline-formula><alternatives><tex-math>y^3</tex-math>"
		"<mml:math><mml:mi>y</mml:mi><mml:mn>3</mml:mn></mml:math></alternatives></inline-formula>"
		"</article-title></title-group>"
		"<contrib-group>"
		"<contrib contrib-type=\"author\"><name><surname>Kavalali</surname>"
		"<given-names>Ege T.</given-names></name></contrib>"
		"<contrib contrib-type=\"author\"><name><surname>van der Berg</surname>"
		"<given-names>jean-paul</given-names></name></contrib>"
		"<contrib contrib-type=\"author\"><name><surname>Ng</surname>"
		"<given-names initials=\"W.-K.\">Wai Kit</given-names></name></contrib>"
		"<contrib contrib-type=\"author\"><name-alternatives><name><surname>Zh\xc3\xa1ng</surname>"
		"<given-names>\xc3\x89lise</given-names></name><string-name>x</string-name>"
		"</name-alternatives></contrib>"
		"<contrib contrib-type=\"author\"><collab>The Plasticity <italic>Consortium</italic>"
		"<contrib-group><contrib><name><surname>Member</surname></name></contrib></contrib-group>"
		"</collab></contrib>"
		"<contrib><string-name>Plain Writer</string-name></contrib>"
		"<contrib contrib-type=\"editor\"><name><surname>Editor</surname>"
		"<given-names>E</given-names></name></contrib>"
		"</contrib-group>"
		"<contrib-group><contrib contrib-type=\"author\"><name><surname>Second</surname>"
		"<given-names>Group</given-names></name></contrib></contrib-group>"
		"<pub-date pub-type=\"pmc-release\"><year>2020</year></pub-date>"
		"<pub-date pub-type=\"epub\"><year>2018</year></pub-date>"
		"<pub-date pub-type=\"ppub\"><season>Winter</season><year>2019</year></pub-date>"
		"<kwd-group xml:lang=\"de\"><kwd>Schlaf</kwd></kwd-group>"
		"<kwd-group><title>Keywords</title><kwd>ketamine</kwd><kwd><italic>BDNF</italic></kwd>"
		"<compound-kwd><compound-kwd-part>synaptic</compound-kwd-part>"
		"<compound-kwd-part>scaling</compound-kwd-part></compound-kwd><kwd> </kwd></kwd-group>",
		"");
	assert_string_equal(r.recs[0].pmid, "4242");
	assert_string_equal(r.recs[0].pmcid, "PMC777");
	assert_string_equal(r.recs[0].doi, "10.5555/test.one");
	assert_string_equal(r.recs[0].title, "Ca2+ waves in E. coli a and x 2 y 3");
	assert_int_equal(r.recs[0].authors.n, 7);
	assert_string_equal(r.recs[0].authors.v[0], "Kavalali ET");
	assert_string_equal(r.recs[0].authors.v[1], "van der Berg JP");
	assert_string_equal(r.recs[0].authors.v[2], "Ng WK");
	assert_string_equal(r.recs[0].authors.v[3], "Zh\xc3\xa1ng \xc3\x89");
	assert_string_equal(r.recs[0].authors.v[4], "The Plasticity Consortium");
	assert_string_equal(r.recs[0].authors.v[5], "Plain Writer");
	assert_string_equal(r.recs[0].authors.v[6], "Second G");
	assert_int_equal(r.recs[0].year, 2019);
	assert_int_equal(r.recs[0].keywords.n, 3);
	assert_string_equal(r.recs[0].keywords.v[0], "ketamine");
	assert_string_equal(r.recs[0].keywords.v[1], "BDNF");
	assert_string_equal(r.recs[0].keywords.v[2], "synaptic scaling");
	assert_string_equal(r.recs[0].journal, "J Test");
	assert_null(r.recs[0].journal_abbrev);
	assert_null(r.recs[0].abstract);
	assert_null(r.recs[0].body);
	assert_int_equal(r.recs[0].line, 2);
	run_free(&r);
}

static void test_journal_variants(void **state)
{
	static const char nlm2[] =
		"<article article-type=\"review-article\"><front><journal-meta>"
		"<journal-id journal-id-type=\"nlm-ta\">J Neurosci Old</journal-id>"
		"<journal-title>Journal of Old Neuroscience</journal-title>"
		"<abbrev-journal-title>JON</abbrev-journal-title></journal-meta>"
		"<article-meta><title-group><article-title>Old DTD</article-title></title-group>"
		"<pub-date><year>1999</year></pub-date></article-meta></front></article>";
	static const char jats[] =
		"<article article-type=\"review-article\"><front><journal-meta>"
		"<journal-id journal-id-type=\"nlm-ta\">Neurosci New</journal-id>"
		"<journal-id journal-id-type=\"iso-abbrev\">Neurosci. New</journal-id>"
		"<journal-title-group><journal-title>Neuroscience New</journal-title>"
		"</journal-title-group></journal-meta>"
		"<article-meta><title-group><article-title>New DTD</article-title></title-group>"
		"<pub-date date-type=\"pub\" publication-format=\"electronic\"><year>2022</year></pub-date>"
		"<pub-date date-type=\"pub\" publication-format=\"print\"><year>2023</year></pub-date>"
		"</article-meta></front></article>";
	static const char undated[] =
		"<article article-type=\"letter\"><front><article-meta><title-group>"
		"<article-title>Only a string date</article-title></title-group>"
		"<pub-date><string-date>Spring 2004</string-date></pub-date>"
		"</article-meta></front></article>";
	run r;

	run_doc(&r, "old.nxml", nlm2);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].journal, "Journal of Old Neuroscience");
	assert_string_equal(r.recs[0].journal_abbrev, "J Neurosci Old");
	assert_int_equal(r.recs[0].year, 1999);
	run_free(&r);

	run_doc(&r, "new.nxml", jats);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].journal, "Neuroscience New");
	assert_string_equal(r.recs[0].journal_abbrev, "Neurosci. New");
	assert_int_equal(r.recs[0].year, 2023);
	run_free(&r);

	run_doc(&r, "string-date.nxml", undated);
	assert_int_equal(r.n, 1);
	assert_null(r.recs[0].journal);
	assert_int_equal(r.recs[0].year, 2004);
	run_free(&r);
}

static void test_abstract_sections(void **state)
{
	run r;

	run_article(&r,
		"<abstract abstract-type=\"graphical\"><p>A picture.</p></abstract>"
		"<abstract><title>Abstract</title>"
		"<sec><title>Background:</title><p>Stress weakens <italic>LTP</italic>.</p></sec>"
		"<sec><label>2</label><title>Patients and methods</title><p>Slices.</p>"
		"<p>Field potentials.</p></sec>"
		"<sec><title>Results</title><p>Ketamine<xref ref-type=\"bibr\">1</xref>rescued it.</p>"
		"<sec><title>Sub</title><p>Nested.</p></sec></sec>"
		"<p>Closing remark.</p></abstract>"
		"<abstract abstract-type=\"summary\"><p>Lay summary.</p></abstract>",
		"");
	assert_string_equal(r.recs[0].abstract,
		"BACKGROUND: Stress weakens LTP. PATIENTS AND METHODS: Slices. Field potentials. "
		"RESULTS: Ketamine 1 rescued it. Sub Nested. Closing remark.");
	run_free(&r);

	/* No ordinary abstract: a summary beats a graphical one. */
	run_article(&r,
		"<abstract abstract-type=\"graphical\"><p>A picture.</p></abstract>"
		"<abstract abstract-type=\"summary\"><p>Lay summary.</p></abstract>", "");
	assert_string_equal(r.recs[0].abstract, "Lay summary.");
	run_free(&r);

	/* Only a graphical one: better than nothing. */
	run_article(&r, "<abstract abstract-type=\"graphical\"><p>A picture.</p></abstract>", "");
	assert_string_equal(r.recs[0].abstract, "A picture.");
	run_free(&r);
}

static void test_body(void **state)
{
	run r;

	run_article(&r,
		"<title-group><article-title>T</article-title></title-group>",
		"<body><p>First paragraph.</p><sec><title>Methods</title><p>We used"
		"<xref ref-type=\"bibr\" rid=\"b1\">[1]</xref>slices.</p>"
		"<fig><label>Figure 1</label><caption><title>Spines</title><p>grow.</p></caption>"
		"<graphic href=\"f.tif\"/></fig>"
		"<table-wrap><label>Table 1</label><caption><p>Group sizes.</p></caption>"
		"<alternatives><graphic href=\"t.gif\"/><table><tr><td>cellvalue</td></tr></table>"
		"</alternatives><table-wrap-foot><p>Means.</p></table-wrap-foot></table-wrap>"
		"<disp-formula><mml:math><mml:semantics><mml:mi>a</mml:mi>"
		"<mml:annotation encoding=\"TeX\">\\alpha</mml:annotation></mml:semantics>"
		"</mml:math></disp-formula>"
		"<ref-list><ref><mixed-citation>Inline reference list.</mixed-citation></ref></ref-list>"
		"</sec></body>"
		"<back><ack><p>Thanks to all.</p></ack><ref-list><ref><mixed-citation>Cited work."
		"</mixed-citation></ref></ref-list></back>"
		"<floats-group><fig><label>Figure 2</label><caption><p>Floating caption.</p>"
		"</caption></fig></floats-group>");
	assert_string_equal(r.recs[0].body,
		"First paragraph. Methods We used [1] slices. Figure 1 Spines grow. Table 1 "
		"Group sizes. Means. a Figure 2 Floating caption.");
	run_free(&r);
}

/* A body past LDX_BODY_MAX is cut there, at a character boundary. */
static void test_body_limit(void **state)
{
	size_t words = LDX_BODY_MAX / 8 + 1000;
	size_t cap = words * 8 + 4096;
	char *xml = malloc(cap), *p = xml;

	assert_non_null(xml);
	p += sprintf(p, "<article article-type=\"x\"><front><article-meta><title-group>"
	             "<article-title>Long</article-title></title-group></article-meta></front>"
	             "<body><p>");
	for (size_t i = 0; i < words; i++) {
		memcpy(p, "\xc3\xa9tude. ", 8);   /* 7 characters, 8 bytes */
		p += 8;
	}
	p += sprintf(p, "</p></body></article>");
	run r;
	run_mem(&r, "long.nxml", xml, (size_t)(p - xml));
	free(xml);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	assert_non_null(r.recs[0].body);
	assert_true(strlen(r.recs[0].body) <= LDX_BODY_MAX);
	assert_true(strlen(r.recs[0].body) > LDX_BODY_MAX - 16);
	assert_true(strncmp(r.recs[0].body, "\xc3\xa9tude. \xc3\xa9tude.", 15) == 0);
	/* a whole character at the cut: no lone lead byte */
	{
		size_t n = strlen(r.recs[0].body);
		unsigned char last = (unsigned char)r.recs[0].body[n - 1];
		assert_true(last < 0x80 || (last & 0xc0) == 0x80);
	}
	run_free(&r);
}

/* ---- Article sets -------------------------------------------------------------- */

static void test_articleset(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" ?>\n"
		"<!DOCTYPE pmc-articleset PUBLIC \"-//NLM//DTD ARTICLE SET 2.0//EN\" "
		"\"https://dtd.nlm.nih.gov/ncbi/pmc/articleset/nlm-articleset-2.0.dtd\">\n"
		"<pmc-articleset><article article-type=\"research-article\">\n"
		"<front><article-meta><article-id pub-id-type=\"pmcid\">PMC11</article-id>"
		"<title-group><article-title>First</article-title></title-group></article-meta></front>\n"
		"</article>\n"
		"\n"
		"<article article-type=\"research-article\"><front><article-meta>"
		"<title-group><article-title>Second</article-title></title-group>"
		"<related-article related-article-type=\"corrected-article\"/>"
		"</article-meta></front>"
		"<sub-article><front-stub><title-group><article-title>Reply</article-title>"
		"</title-group></front-stub><body><p>Sub text.</p></body></sub-article></article>\n"
		"<article article-type=\"correction\"><front><article-meta>"
		"<title-group><article-title>Third</article-title></title-group></article-meta></front>"
		"</article></pmc-articleset>\n";
	run r;

	run_doc(&r, "set.xml", xml);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.recs[0].title, "First");
	assert_string_equal(r.recs[0].pmcid, "PMC11");
	assert_int_equal(r.recs[0].line, 3);
	assert_string_equal(r.recs[1].title, "Second");
	assert_null(r.recs[1].body);
	assert_int_equal(r.recs[1].line, 7);
	assert_string_equal(r.recs[2].title, "Third");
	assert_int_equal(r.recs[2].line, 8);
	run_free(&r);
}

/* Record lines stay right past libxml2's 16-bit element line numbers. */
static void test_big_lines(void **state)
{
	size_t cap = 200000 * 2 + 4096;
	char *xml = malloc(cap), *p = xml;
	run r;

	assert_non_null(xml);
	p += sprintf(p, "<pmc-articleset>\n");
	for (int i = 0; i < 70000; i++)
		*p++ = '\n';
	p += sprintf(p, "<article article-type=\"x\">\n<front><article-meta><title-group>"
	             "<article-title>Late</article-title></title-group></article-meta></front>"
	             "</article>\n</pmc-articleset>\n");
	run_mem(&r, "late.xml", xml, (size_t)(p - xml));
	free(xml);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Late");
	assert_int_equal(r.recs[0].line, 70002);
	run_free(&r);
}

/* ---- Bad input -------------------------------------------------------------------- */

static void test_truncated(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<pmc-articleset>\n"
		"<article article-type=\"a\"><front><article-meta><title-group>"
		"<article-title>Kept</article-title></title-group></article-meta></front></article>\n"
		"<article article-type=\"a\"><front><article-meta><title-group>\n"
		"<article-title>Cut in the mid";
	run r;

	run_doc(&r, "cut.xml", xml);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Kept");
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_string_equal(r.err.file, "cut.xml");
	assert_int_equal(r.err.line, 5);
	assert_string_equal(r.err.message, "unexpected end of file inside <article-title>");
	run_free(&r);
}

/*
 * A tag mismatch in the second article.  libxml2's reader parses ahead in
 * chunks of a few hundred bytes, so the first article's end may be parsed
 * in an earlier chunk than the error or in the same one: both keep it.
 */
static void test_malformed(void **state)
{
	static const size_t pads[] = { 300, 1000, 5000 };

	for (size_t i = 0; i < sizeof pads / sizeof *pads; i++) {
		size_t cap = pads[i] + 1024;
		char *xml = malloc(cap), *p = xml;
		run r;

		assert_non_null(xml);
		p += sprintf(p, "<pmc-articleset>\n"
		             "<article article-type=\"a\"><front><article-meta><title-group>"
		             "<article-title>Good</article-title></title-group><abstract><p>");
		for (size_t k = 0; k < pads[i] / 5; k++)
			p += sprintf(p, "word ");
		p += sprintf(p, "</p></abstract></article-meta></front></article>\n"
		             "<article article-type=\"a\"><front>\n"
		             "<article-meta></front></article>\n"
		             "<article article-type=\"a\"><front><article-meta><title-group>"
		             "<article-title>After</article-title></title-group></article-meta>"
		             "</front></article>\n</pmc-articleset>\n");
		run_doc(&r, "bad.xml", xml);
		free(xml);
		if (r.n != 1)
			fail_msg("pad %zu: %zu records", pads[i], r.n);
		assert_string_equal(r.recs[0].title, "Good");
		assert_int_equal(r.recs[0].line, 2);
		assert_int_equal(r.errors, 1);
		assert_int_equal(r.rc, LDX_ERR_PARSE);
		assert_string_equal(r.err.file, "bad.xml");
		assert_int_equal(r.err.line, 4);
		assert_non_null(strstr(r.err.message, "mismatch"));
		assert_true(r.err.message[0] >= 'a' && r.err.message[0] <= 'z');
		assert_null(strchr(r.err.message, '\n'));
		run_free(&r);
	}
}

/*
 * An article set cut short anywhere, 3000 times (a fixed seed): the
 * articles whose end tag lies inside the cut come out whole and in order,
 * however far the parser had read ahead of them, then exactly one error.
 */
static void test_random_cuts(void **state)
{
	enum { ARTICLES = 150 };
	size_t cap = ARTICLES * 256 + 64, len = 0, ends[ARTICLES], root_end;
	char *xml = malloc(cap);
	unsigned long seed = 7;
	run r;

	assert_non_null(xml);
	len += (size_t)snprintf(xml, cap, "<pmc-articleset>\n");
	for (int i = 0; i < ARTICLES; i++) {
		len += (size_t)snprintf(xml + len, cap - len,
		                        "<article article-type=\"a\"><front><article-meta><title-group>"
		                        "<article-title>Article %d.</article-title></title-group>"
		                        "</article-meta></front></article>", i + 1);
		ends[i] = len;
		len += (size_t)snprintf(xml + len, cap - len, "\n");
	}
	len += (size_t)snprintf(xml + len, cap - len, "</pmc-articleset>");
	root_end = len;
	for (int i = 0; i < 3000; i++) {
		size_t cut, closed = 0;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		cut = (size_t)(seed >> 33) % (len + 1);
		while (closed < ARTICLES && ends[closed] <= cut)
			closed++;
		run_mem(&r, "cut.xml", xml, cut);
		if (r.n != closed)
			fail_msg("cut at %zu: %zu articles, want %zu", cut, r.n, closed);
		for (size_t k = 0; k < closed; k++) {
			char want[32];

			snprintf(want, sizeof want, "Article %zu.", k + 1);
			assert_string_equal(r.recs[k].title, want);
			assert_int_equal(r.recs[k].line, (long)k + 2);
		}
		assert_int_equal(r.rc, cut >= root_end ? LDX_DONE : LDX_ERR_PARSE);
		assert_int_equal(r.errors, cut >= root_end ? 0 : 1);
		run_free(&r);
	}
	free(xml);
}

static void test_not_jats(void **state)
{
	static const char other[] =
		"<?xml version=\"1.0\"?>\n<catalog><book><title>Not an article</title></book></catalog>\n";
	static const char pubmed[] =
		"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
		"</MedlineCitation></PubmedArticle></PubmedArticleSet>\n";
	run r;

	assert_int_equal(sniff(other), 0);
	assert_int_equal(sniff(pubmed), 0);
	/* Forced through the reader anyway, they give no records and no error. */
	run_doc(&r, "catalog.xml", other);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 0);
	run_free(&r);
	run_doc(&r, "pubmed.xml", pubmed);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 0);
	run_free(&r);
	/* Not XML at all. */
	run_doc(&r, "notes.txt", "TY  - JOUR\nTI  - A RIS record\nER  - \n");
	assert_int_equal(r.n, 0);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_string_equal(r.err.file, "notes.txt");
	assert_int_equal(r.err.line, 1);
	run_free(&r);
}

/* The first line of /etc/passwd, to look for a leak of it. */
static void passwd_line(char *buf, size_t n)
{
	FILE *f = fopen("/etc/passwd", "r");

	buf[0] = '\0';
	if (f) {
		if (fgets(buf, (int)n, f))
			buf[strcspn(buf, ":\n")] = '\0';
		fclose(f);
	}
	if (!buf[0])
		snprintf(buf, n, "root");
}

static void assert_nowhere(const ldx_record *rec, const char *s)
{
	const char *fields[] = { rec->pmid, rec->doi, rec->pmcid, rec->title, rec->abstract,
	                         rec->body, rec->journal, rec->journal_abbrev };
	const ldx_strlist *lists[] = { &rec->keywords, &rec->authors };

	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		assert_true(!fields[i] || !strstr(fields[i], s));
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		for (size_t j = 0; j < lists[i]->n; j++)
			assert_null(strstr(lists[i]->v[j], s));
}

static void test_external_entity(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE article [<!ENTITY e SYSTEM \"file:///etc/passwd\">"
		"<!ENTITY net SYSTEM \"http://example.invalid/x.txt\">"
		"<!ENTITY % pe SYSTEM \"file:///etc/passwd\"> %pe;"
		"<!ENTITY eacute \"&#233;\">]>\n"
		"<article article-type=\"a\"><front><article-meta><title-group>"
		"<article-title>Before &e; caf&eacute; &net;after</article-title></title-group>"
		"<contrib-group><contrib contrib-type=\"author\"><name><surname>&e;X</surname>"
		"</name></contrib></contrib-group>"
		"<abstract><p>&e;Text.</p></abstract></article-meta></front>"
		"<body><p>&e;Body.</p></body></article>\n";
	char leak[256];
	run r;

	passwd_line(leak, sizeof leak);
	run_doc(&r, "xxe.nxml", xml);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Before caf\xc3\xa9 after");
	assert_string_equal(r.recs[0].abstract, "Text.");
	assert_string_equal(r.recs[0].body, "Body.");
	assert_nowhere(&r.recs[0], leak);
	assert_nowhere(&r.recs[0], "/bin/");
	run_free(&r);
}

static void test_billion_laughs(void **state)
{
	char xml[4096], *p = xml;

	p += snprintf(p, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE article [\n"
	              "<!ENTITY lol0 \"lol\">\n");
	for (int i = 1; i <= 10; i++) {
		p += snprintf(p, sizeof xml - (size_t)(p - xml), "<!ENTITY lol%d \"", i);
		for (int k = 0; k < 10; k++)
			p += snprintf(p, sizeof xml - (size_t)(p - xml), "&lol%d;", i - 1);
		p += snprintf(p, sizeof xml - (size_t)(p - xml), "\">\n");
	}
	snprintf(p, sizeof xml - (size_t)(p - xml),
	         "]>\n<article article-type=\"a\"><front><article-meta><title-group>"
	         "<article-title>&lol10;</article-title></title-group></article-meta></front>"
	         "</article>\n");
	run r;
	run_doc(&r, "lol.nxml", xml);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_string_equal(r.err.file, "lol.nxml");
	assert_true(r.err.line > 0);
	assert_true(r.err.message[0] != '\0');
	run_free(&r);
}

/* ---- Sniffing ----------------------------------------------------------------------- */

static void test_sniff(void **state)
{
	static const struct {
		const char *text;
		int score;
	} cases[] = {
		{ "<pmc-articleset><article>", 90 },
		{ "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- <PubmedArticleSet> -->\n"
		  "<article xmlns:xlink=\"http://www.w3.org/1999/xlink\" article-type=\"review-article\">", 90 },
		{ "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 "
		  "20190208//EN\" \"JATS-journalpublishing1.dtd\">\n<article>", 90 },
		{ "<!DOCTYPE article PUBLIC \"-//NLM//DTD Journal Archiving and Interchange DTD v2.3 "
		  "20070202//EN\" \"archivearticle.dtd\">\n<article>", 90 },
		{ "<article xmlns=\"https://jats.nlm.nih.gov/ns/archiving/1.3/\">", 90 },
		{ "<article dtd-version=\"1.3\"><front>", 90 },
		{ "<j:article xmlns:j=\"http://jats.nlm.nih.gov\">", 90 },
		{ "<article><front><article-meta>", 80 },
		{ "<article><title>A blog post</title></article>", 0 },
		{ "<PubmedArticleSet><PubmedArticle>", 0 },
		{ "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2019//EN\" "
		  "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd\">\n<PubmedArticleSet>", 0 },
		{ "<!DOCTYPE x [<!ENTITY a '<pmc-articleset>'>]>\n<catalog article-type=\"x\">", 0 },
		{ "<!DOCTYPE html>\n<html><body><article class=\"post\">", 0 },
		{ "<html><body><article article-type=\"research-article\">", 0 },
		{ "PMID- 12345\nTI  - A title\n", 0 },
		{ "@article{key, title={x}}", 0 },
		{ "", 0 },
		{ "<?xml version=\"1.0\"?>", 0 },
		{ "<dblp><article key=\"journals/x\">", 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = sniff(cases[i].text);
		if (got != cases[i].score)
			fail_msg("sniff case %zu: got %d, want %d", i, got, cases[i].score);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_fields),
		cmocka_unit_test(test_journal_variants),
		cmocka_unit_test(test_abstract_sections),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_body_limit),
		cmocka_unit_test(test_articleset),
		cmocka_unit_test(test_big_lines),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_random_cuts),
		cmocka_unit_test(test_not_jats),
		cmocka_unit_test(test_external_entity),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_sniff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
