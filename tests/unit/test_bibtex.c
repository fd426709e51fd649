/*
 * test_bibtex.c: the BibTeX reader (src/ingest/bibtex.c): entry syntax,
 * values and macros, names, identifiers and fields on small files
 * written here; every kind of bad input, with the error's file and line
 * and the records around it; then exact values and record counts on the
 * real .bib files in ../shared/data, and a sweep over all of them.
 */
#include "unit.h"

#include <dirent.h>

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"

/* ---- Running the reader ------------------------------------------------- */

#define ERRS_MAX 16

/* Everything one pass over a document produced. */
typedef struct run {
	ldx_record *recs;
	size_t n, cap;
	ldx_error errs[ERRS_MAX];
	int nerr;
} run;

static void run_free(run *r)
{
	for (size_t i = 0; i < r->n; i++)
		ldx_record_clear(&r->recs[i]);
	free(r->recs);
	memset(r, 0, sizeof *r);
}

/* Reads every record through the bibtex ops; after an error keeps
 * calling next(), as reader.h allows, until LDX_DONE. */
static void run_input(run *r, ldx_input *in)
{
	const ldx_reader_ops *ops = &ldx_reader_bibtex;
	void *state = NULL;
	ldx_record rec;
	ldx_error err;
	ldx_status rc;

	memset(r, 0, sizeof *r);
	ldx_record_init(&rec);
	assert_int_equal(ops->open(in, &state, &err), LDX_OK);
	for (int guard = 0; guard < 100000; guard++) {
		ldx_record_clear(&rec);
		rc = ops->next(state, &rec, &err);
		if (rc == LDX_DONE)
			break;
		if (rc != LDX_OK) {
			assert_true(r->nerr < ERRS_MAX);
			r->errs[r->nerr++] = err;
			continue;
		}
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 16;
			r->recs = realloc(r->recs, r->cap * sizeof *r->recs);
			assert_non_null(r->recs);
		}
		r->recs[r->n++] = rec;   /* the record moves into the run */
		ldx_record_init(&rec);
	}
	assert_int_equal(rc, LDX_DONE);
	assert_int_equal(ops->next(state, &rec, &err), LDX_DONE);
	ops->close(state);
}

static void run_mem(run *r, const char *name, const char *buf, size_t len)
{
	ldx_input *in = NULL;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory(name, buf, len, &in, &err), LDX_OK);
	run_input(r, in);
	ldx_input_close(in);
}

static void run_doc(run *r, const char *text)
{
	run_mem(r, "test.bib", text, strlen(text));
}

static void run_path(run *r, const char *path)
{
	ldx_input *in = NULL;
	ldx_error err;

	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
	run_input(r, in);
	ldx_input_close(in);
}

static void assert_list(const ldx_strlist *l, size_t i, const char *want)
{
	assert_true(i < l->n);
	assert_string_equal(l->v[i], want);
}

static void assert_error(const run *r, int i, long line)
{
	assert_true(i < r->nerr);
	assert_int_equal(r->errs[i].code, LDX_ERR_PARSE);
	assert_string_equal(r->errs[i].file, "test.bib");
	if (r->errs[i].line != line)
		print_error("error '%s' at line %ld, want %ld\n", r->errs[i].message,
		            r->errs[i].line, line);
	assert_int_equal(r->errs[i].line, line);
	assert_true(r->errs[i].message[0] != '\0');
}

/* ---- Entries and values ---------------------------------------------------- */

static void test_article_fields(void **state)
{
	run r;

	run_doc(&r,
		"% a comment line outside any entry\n"
		"@article{kavalali2015,\n"
		"  author = {Kavalali, Ege T. and Monteggia, Lisa M.},\n"
		"  title = {{How} does ketamine elicit a rapid antidepressant response?},\n"
		"  journal = {Current Opinion in Pharmacology},\n"
		"  shortjournal = {Curr Opin Pharmacol},\n"
		"  year = {2015},\n"
		"  abstract = {Ketamine blocks {NMDA} receptors\n    at rest.},\n"
		"  keywords = {ketamine; NMDA receptor; synaptic plasticity},\n"
		"  language = {eng},\n"
		"}\n");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.recs[0].line, 2);
	assert_string_equal(r.recs[0].title,
	                    "How does ketamine elicit a rapid antidepressant response?");
	assert_string_equal(r.recs[0].journal, "Current Opinion in Pharmacology");
	assert_string_equal(r.recs[0].journal_abbrev, "Curr Opin Pharmacol");
	assert_int_equal(r.recs[0].year, 2015);
	assert_string_equal(r.recs[0].abstract, "Ketamine blocks NMDA receptors at rest.");
	assert_string_equal(r.recs[0].language, "eng");
	assert_int_equal(r.recs[0].authors.n, 2);
	assert_list(&r.recs[0].authors, 0, "Kavalali ET");
	assert_list(&r.recs[0].authors, 1, "Monteggia LM");
	assert_int_equal(r.recs[0].keywords.n, 3);
	assert_list(&r.recs[0].keywords, 1, "NMDA receptor");
	assert_null(r.recs[0].pmid);
	assert_null(r.recs[0].doi);
	run_free(&r);
}

static void test_delimiters_and_case(void **state)
{
	run r;

	run_doc(&r,
		"@ARTICLE(a1, TITLE = \"Paren entry\", YeAr = 2001)\n"
		"@InProceedings {a2,\n TiTlE = {Space before the brace}, YEAR = \"1999\"}"
		"@misc{a3, title = {Same line as the previous close}}\n"
		"  @book{a4, title = {Indented}}\n"
		"@online{a5, title={No trailing comma or newline}}");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 5);
	assert_string_equal(r.recs[0].title, "Paren entry");
	assert_int_equal(r.recs[0].year, 2001);
	assert_string_equal(r.recs[1].title, "Space before the brace");
	assert_int_equal(r.recs[1].year, 1999);
	assert_int_equal(r.recs[1].line, 2);
	assert_string_equal(r.recs[2].title, "Same line as the previous close");
	assert_int_equal(r.recs[2].line, 3);
	assert_string_equal(r.recs[3].title, "Indented");
	assert_string_equal(r.recs[4].title, "No trailing comma or newline");
	assert_int_equal(r.recs[4].line, 5);
	run_free(&r);
}

static void test_values_and_macros(void **state)
{
	run r;

	run_doc(&r,
		"@string{jn = \"Journal of Neuroscience\"}\n"
		"@STRING(pre = {Brain-derived })\n"
		"@string{ nested = pre # \"neurotrophic\" }\n"
		"@article{v1,\n"
		"  title = nested # { factor {(BDNF)} signalling},\n"
		"  journal = JN,\n"
		"  year = 2020,\n"
		"  abstract = \"Quoted {with \"inner\" quotes} and {nested {braces}}\",\n"
		"  note = undefinedmacro,\n"
		"  date = mar,\n"
		"}\n"
		"@string{jn = {Redefined Journal}}\n"
		"@article{v2, title = {After redefinition}, journal = jn}\n");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.recs[0].title,
	                    "Brain-derived neurotrophic factor (BDNF) signalling");
	assert_string_equal(r.recs[0].journal, "Journal of Neuroscience");
	assert_int_equal(r.recs[0].year, 2020);
	assert_string_equal(r.recs[0].abstract,
	                    "Quoted with \"inner\" quotes and nested braces");
	assert_string_equal(r.recs[1].journal, "Redefined Journal");
	run_free(&r);
}

static void test_skipped_and_outside_text(void **state)
{
	run r;

	run_doc(&r,
		"Mail questions to someone@example.org, not here.\n"
		"@comment{ an {unbalanced in quotes \" } is fine here }\n"
		"@preamble{ \"\\newcommand{\\noop}[1]{}\" }\n"
		"@Comment{jabref-meta: databaseType:biblatex;}\n"
		"@article{s1, title = {Kept}}\n"
		"@misc{empty}\n"
		"@misc{onlypages, pages = {1--2}}\n"
		"trailing text @ nothing\n");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Kept");
	assert_int_equal(r.recs[0].line, 5);
	run_free(&r);
}

static void test_latex_in_fields(void **state)
{
	run r;

	run_doc(&r,
		"@article{l1,\n"
		"  title = {Erd{\\H o}s meets {\\\"O}nnud{\\'o}ttir: $\\alpha$-synuclein and Ca$^{2+}$ --- "
		"\\textit{in vivo}},\n"
		"  journal = {Zeitschrift f{\\\"u}r Soziologie \\& Psychologie},\n"
		"}\n");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title,
	                    "Erdős meets Önnudóttir: α-synuclein and Ca2+ — in vivo");
	assert_string_equal(r.recs[0].journal, "Zeitschrift für Soziologie & Psychologie");
	run_free(&r);
}

/* ---- Names ------------------------------------------------------------------- */

static void test_authors(void **state)
{
	run r;

	run_doc(&r,
		"@article{n1, author = {Kavalali, Ege T and Jean-Paul Sartre and "
		"{World Health Organization} and von Hicks, III, Michael and "
		"Ludwig van Beethoven and Eli{\\'a}{\\v{s}}, Marek and KC Wright and "
		"{Barnes and Noble} and Plato AND D.~E. Knuth and Milton {Abramowitz} and "
		"National Centre for Chronic Conditions and others}}\n");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	{
		static const char *const want[] = {
			"Kavalali ET", "Sartre JP", "World Health Organization", "von Hicks M III",
			"van Beethoven L", "Eliáš M", "Wright KC", "Barnes and Noble", "Plato",
			"Knuth DE", "Abramowitz M", "National Centre for Chronic Conditions",
		};
		const ldx_strlist *a = &r.recs[0].authors;

		for (size_t i = 0; i < a->n && i < sizeof want / sizeof *want; i++)
			if (strcmp(a->v[i], want[i]) != 0)
				print_error("author %zu: got '%s', want '%s'\n", i, a->v[i], want[i]);
		assert_int_equal(a->n, sizeof want / sizeof *want);
		for (size_t i = 0; i < a->n; i++)
			assert_string_equal(a->v[i], want[i]);
	}
	run_free(&r);
}

static void test_keywords_and_mesh(void **state)
{
	run r;

	run_doc(&r,
		"@article{k1, title = {A}, keywords = {ketamine, {BDNF, mature}, depression}}\n"
		"@article{k2, title = {B}, keywords = {Models, Biological; Humans;  ; Software*},\n"
		"  mesh = {Synaptic Transmission; Receptors, N-Methyl-D-Aspartate}}\n");
	assert_int_equal(r.n, 2);
	assert_int_equal(r.recs[0].keywords.n, 3);
	assert_list(&r.recs[0].keywords, 1, "BDNF, mature");
	assert_int_equal(r.recs[1].keywords.n, 3);
	assert_list(&r.recs[1].keywords, 0, "Models, Biological");
	assert_list(&r.recs[1].keywords, 2, "Software*");
	assert_int_equal(r.recs[1].mesh.n, 2);
	assert_list(&r.recs[1].mesh, 1, "Receptors, N-Methyl-D-Aspartate");
	run_free(&r);
}

/* ---- Identifiers, years, journals ------------------------------------------------ */

static void test_identifiers(void **state)
{
	run r;

	run_doc(&r,
		"@article{i1, title = {A}, doi = {https://doi.org/10.1000/ABC\\_def}, pmid = {123},\n"
		"  pmcid = {PMC456}}\n"
		"@article{i2, title = {B}, eprint = {789}, eprinttype = {pubmed}, pmc = {111}}\n"
		"@article{i3, title = {C}, note = {{PMID:} 23439512},\n"
		"  url = {http://dx.doi.org/10.1000/xyz}}\n"
		"@article{i4, title = {D}, comment = {26957754[pmid]}}\n"
		"@article{i5, title = {E}, pmid = {P123456}, doi = {not a doi}, pmcid = {PMCX},\n"
		"  eprint = {AX1}, eprinttype = {arxiv}}\n"
		"@article{i6, title = {F}, pmid = {27433151 SO  invalid line}}\n");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 6);
	assert_string_equal(r.recs[0].doi, "10.1000/abc_def");
	assert_string_equal(r.recs[0].pmid, "123");
	assert_string_equal(r.recs[0].pmcid, "PMC456");
	assert_string_equal(r.recs[1].pmid, "789");
	assert_string_equal(r.recs[1].pmcid, "PMC111");
	assert_string_equal(r.recs[2].pmid, "23439512");
	assert_string_equal(r.recs[2].doi, "10.1000/xyz");
	assert_string_equal(r.recs[3].pmid, "26957754");
	assert_null(r.recs[4].pmid);
	assert_null(r.recs[4].doi);
	assert_null(r.recs[4].pmcid);
	assert_string_equal(r.recs[5].pmid, "27433151");
	run_free(&r);
}

static void test_years_and_journals(void **state)
{
	run r;

	run_doc(&r,
		"@article{y1, title = {A}, date = {2019-05-01}, journaltitle = {Neuron}}\n"
		"@article{y2, title = {B}, year = {2018}, date = {2019}, journal = {Adv. Math.},\n"
		"  fjournal = {Advances in Mathematics}}\n"
		"@inproceedings{y3, title = {C}, booktitle = {Proc. of the Synapse Meeting}, year = {n.d.}}\n"
		"@inproceedings{y4, booktitle = {Only a Book Title}}\n"
		"@article{y5, title = {E}, journal = {Neuron}, journal-abbreviation = {Neuron (Camb)}}\n");
	assert_int_equal(r.n, 5);
	assert_int_equal(r.recs[0].year, 2019);
	assert_string_equal(r.recs[0].journal, "Neuron");
	assert_int_equal(r.recs[1].year, 2018);
	assert_string_equal(r.recs[1].journal, "Advances in Mathematics");
	assert_string_equal(r.recs[1].journal_abbrev, "Adv. Math.");
	assert_int_equal(r.recs[2].year, 0);
	assert_string_equal(r.recs[2].journal, "Proc. of the Synapse Meeting");
	assert_string_equal(r.recs[3].title, "Only a Book Title");
	assert_null(r.recs[3].journal);
	assert_string_equal(r.recs[4].journal_abbrev, "Neuron (Camb)");
	run_free(&r);
}

static void test_crlf_and_bom(void **state)
{
	static const char doc[] =
		"\xEF\xBB\xBF@article{c1,\r\n  title = {Windows\r\n line ends},\r\n"
		"  year = 2011\r\n}\r\n@article{c2, title = {Second}}\r\n";
	run r;

	run_mem(&r, "test.bib", doc, sizeof doc - 1);
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.recs[0].title, "Windows line ends");
	assert_int_equal(r.recs[0].year, 2011);
	assert_int_equal(r.recs[1].line, 6);
	run_free(&r);
}

/* ---- Bad input ----------------------------------------------------------------------- */

static void test_unterminated_brace(void **state)
{
	run r;

	run_doc(&r,
		"@article{good1, title = {First}}\n"      /* 1 */
		"\n"                                        /* 2 */
		"@article{bad,\n"                           /* 3 */
		"  title = {Never {closed},\n"              /* 4 */
		"  year = 2001\n"                           /* 5 */
		"}\n"                                       /* 6 */
		"@article{good2, title = {Second}}\n"     /* 7 */
		"@article{good3, title = {Third}}\n");     /* 8 */
	assert_int_equal(r.nerr, 1);
	assert_error(&r, 0, 3);
	assert_non_null(strstr(r.errs[0].message, "bad"));
	assert_int_equal(r.n, 3);
	assert_string_equal(r.recs[0].title, "First");
	assert_string_equal(r.recs[1].title, "Second");
	assert_int_equal(r.recs[1].line, 7);
	assert_string_equal(r.recs[2].title, "Third");
	run_free(&r);
}

static void test_unterminated_quote(void **state)
{
	run r;

	run_doc(&r,
		"@article{good1, title = {First}}\n"      /* 1 */
		"@article{badq,\n"                          /* 2 */
		"  title = \"Open quote,\n"                 /* 3 */
		"  year = 2001\n"                           /* 4 */
		"}\n"                                       /* 5 */
		"\n"                                        /* 6 */
		"@article{good2, title = {Second}}\n");   /* 7 */
	assert_int_equal(r.nerr, 1);
	assert_error(&r, 0, 2);
	assert_non_null(strstr(r.errs[0].message, "quot"));
	assert_int_equal(r.n, 2);
	assert_string_equal(r.recs[1].title, "Second");
	run_free(&r);
}

static void test_unterminated_at_end(void **state)
{
	run r;

	run_doc(&r,
		"@article{good1, title = {First}}\n"
		"@article{tail, title = {Runs off the end}\n"
		"  year = 2001\n");
	assert_int_equal(r.nerr, 1);
	assert_error(&r, 0, 2);
	assert_int_equal(r.n, 1);
	run_free(&r);
}

static void test_garbage_inside_entry(void **state)
{
	run r;

	run_doc(&r,
		"@article{g0, title = {Zero}}\n"                    /* 1 */
		"@article{g1,\n"                                      /* 2 */
		"  title {Missing equals}\n"                          /* 3 */
		"}\n"                                                 /* 4 */
		"@article{g2, title = {Two}}\n"                     /* 5 */
		"@article{g3,\n"                                      /* 6 */
		"  title = {Missing comma}\n"                         /* 7 */
		"  year = {2001}\n"                                   /* 8 */
		"}\n"                                                 /* 9 */
		"@article{g4, title = {Four}, = {no name}}\n"       /* 10 */
		"@article{g5, title = }\n"                           /* 11 */
		"@article{g6, title = {Six}}\n");                   /* 12 */
	assert_int_equal(r.nerr, 4);
	assert_error(&r, 0, 3);
	assert_non_null(strstr(r.errs[0].message, "'='"));
	assert_error(&r, 1, 8);
	assert_error(&r, 2, 10);
	assert_error(&r, 3, 11);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.recs[0].title, "Zero");
	assert_string_equal(r.recs[1].title, "Two");
	assert_string_equal(r.recs[2].title, "Six");
	assert_int_equal(r.recs[2].line, 12);
	run_free(&r);
}

static void test_bad_bytes(void **state)
{
	static const char doc[] =
		"@article{b1, title = {Bad \xff\xfe bytes and a NUL \0 inside},\n"
		"  author = {M\xc3\xbcller, \xe2\x28 X}}\n"
		"@article{b2, title = {After}}\n";
	run r;

	run_mem(&r, "test.bib", doc, sizeof doc - 1);
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 2);
	assert_non_null(strstr(r.recs[0].title, "\xef\xbf\xbd"));   /* U+FFFD */
	assert_non_null(strstr(r.recs[0].title, "inside"));
	assert_int_equal(r.recs[0].authors.n, 1);
	assert_string_equal(r.recs[1].title, "After");
	run_free(&r);
}

/* An entry past the 4 MiB bound is an error at its first line; the
 * reader resynchronises at the next entry head. */
static void test_entry_too_long(void **state)
{
	size_t big = 5u * 1024 * 1024, n;
	const char *head = "@article{ok1, title = {One}}\n@article{huge,\n  abstract = {";
	const char *tail = "}}\n@article{ok2, title = {Two}}\n";
	char *doc = malloc(strlen(head) + big + big / 64 + strlen(tail) + 1);
	run r;

	assert_non_null(doc);
	n = strlen(head);
	memcpy(doc, head, n);
	for (size_t i = 0; i < big; i++)
		doc[n++] = (i % 64 == 63) ? '\n' : 'x';
	memcpy(doc + n, tail, strlen(tail));
	n += strlen(tail);
	run_mem(&r, "test.bib", doc, n);
	assert_int_equal(r.nerr, 1);
	assert_error(&r, 0, 2);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.recs[1].title, "Two");
	run_free(&r);
	free(doc);
}

/* Deep nesting and long macro chains stay bounded. */
static void test_hostile_nesting(void **state)
{
	size_t depth = 100000, n = 0;
	char *doc = malloc(2 * depth + 256);
	run r;

	assert_non_null(doc);
	n += (size_t)sprintf(doc, "@article{deep, title = ");
	for (size_t i = 0; i < depth; i++)
		doc[n++] = '{';
	doc[n++] = 'x';
	for (size_t i = 0; i < depth; i++)
		doc[n++] = '}';
	n += (size_t)sprintf(doc + n, "}\n@string{a = \"aaaaaaaa\"}\n");
	run_mem(&r, "test.bib", doc, n);
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "x");
	run_free(&r);
	free(doc);
}

/* Up to 4096 @string macros are kept; the next one is an error at its
 * line, and the ones before it still work. */
static void test_many_macros(void **state)
{
	size_t cap = 4200 * 40 + 256, n = 0;
	char *doc = malloc(cap);
	run r;

	assert_non_null(doc);
	for (int i = 0; i < 4096; i++)
		n += (size_t)snprintf(doc + n, cap - n, "@string{m%d = \"v%d \"}\n", i, i);
	n += (size_t)snprintf(doc + n, cap - n, "@string{over = \"x\"}\n");
	n += (size_t)snprintf(doc + n, cap - n, "@article{a, title = M4095 # m0 # over}\n");
	run_mem(&r, "test.bib", doc, n);
	assert_int_equal(r.nerr, 1);
	assert_error(&r, 0, 4097);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "v4095 v0 over");
	run_free(&r);
	free(doc);
}

/* ---- Sniffing ---------------------------------------------------------------------------- */

static void test_sniff(void **state)
{
	static const struct {
		const char *text, *ext;
		int score;
	} cases[] = {
		{"@article{key,\n title = {x}}\n", "bib", 80},
		{"% Encoding: UTF-8\n\n@Article{,\n", "", 80},
		{"  @INPROCEEDINGS (k,\n", "txt", 80},
		{"@String {x = \"y\"}\n", "", 80},
		{"@whatever{k,\n", "bib", 80},
		{"@whatever{k,\n", "txt", 0},
		{"mail me @ home {x}\n", "", 0},
		{"write to a@article{b}\n", "", 0},
		{"TY  - JOUR\nTI  - @article{x}\nER  - \n", "ris", 0},
		{"PMID- 123\nTI  - x\n", "nbib", 0},
		{"<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n", "xml", 0},
		{"", "", 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = ldx_reader_bibtex.sniff(cases[i].text, strlen(cases[i].text), cases[i].ext);

		if (got != cases[i].score)
			print_error("sniff case %zu: got %d, want %d\n", i, got, cases[i].score);
		assert_int_equal(got, cases[i].score);
	}
	assert_string_equal(ldx_reader_bibtex.name, "bibtex");
}

/* ---- Real files ------------------------------------------------------------------------------ */

static void run_shared(run *r, const char *rel)
{
	const char *path = unit_shared_path(rel);

	UNIT_REQUIRE_FILE(path);
	run_path(r, path);
}

static void test_zotero_pubmed_export(void **state)
{
	run r;
	const ldx_record *rec;

	run_shared(&r, "zotero-translators/bibtex/case11.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	rec = &r.recs[0];
	assert_int_equal(rec->line, 1);
	assert_string_equal(rec->pmid, "23439512");
	assert_string_equal(rec->doi, "10.1161/cir.0b013e318288b4dd");
	assert_string_equal(rec->journal, "Circulation");
	assert_int_equal(rec->year, 2013);
	assert_string_equal(rec->language, "eng");
	assert_int_equal(rec->authors.n, 20);
	assert_list(&rec->authors, 0, "Sasson C");
	assert_list(&rec->authors, 2, "Abella BS");
	assert_list(&rec->authors, 15,
	            "American Heart Association Council on Quality of Care and Outcomes Research");
	assert_list(&rec->authors, 17,
	            "Council on Cardiopulmonary, Critical Care, Perioperative and Resuscitation");
	assert_int_equal(rec->keywords.n, 10);
	assert_list(&rec->keywords, 2, "Cardiopulmonary Resuscitation");
	run_free(&r);
}

static void test_zotero_latex_and_macros(void **state)
{
	run r;

	run_shared(&r, "zotero-translators/bibtex/case16.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.recs[0].journal, "Zeitschrift für Soziologie : ZfS");
	assert_list(&r.recs[0].authors, 1, "Heß M");
	assert_int_equal(r.recs[1].line, 16);
	assert_string_equal(r.recs[1].title, "Higher-order Erdős-Szekeres theorems");
	assert_string_equal(r.recs[1].journal, "Advances in Mathematics");
	assert_string_equal(r.recs[1].journal_abbrev, "Adv. Math.");
	assert_string_equal(r.recs[1].doi, "10.1016/j.aim.2013.04.020");
	assert_int_equal(r.recs[1].authors.n, 2);
	assert_list(&r.recs[1].authors, 1, "Matoušek J");
	run_free(&r);

	run_shared(&r, "zotero-translators/bibtex/case17.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title,
	                    "Búsáhaldabyltingin : Pólitískt jafnræði og þátttaka almennings í mótmælum");
	assert_list(&r.recs[0].authors, 0, "Önnudóttir EH");
	run_free(&r);

	run_shared(&r, "zotero-translators/bibtex/case19.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "The impossible TEL—book");
	assert_int_equal(r.recs[0].year, 1942);
	assert_int_equal(r.recs[0].authors.n, 2);
	assert_int_equal(r.recs[0].line, 11);
	run_free(&r);

	run_shared(&r, "zotero-translators/bibtex/case18.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Zotero's Homepage");
	assert_int_equal(r.recs[0].year, 2019);
	assert_list(&r.recs[0].authors, 0, "Corporation for Digital Scholarship");
	run_free(&r);

	run_shared(&r, "zotero-translators/bibtex/case24.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title,
	                    "Poczucie jakości życia a swoboda działania i odpowiedzialność");
	assert_list(&r.recs[0].authors, 1, "Bańka A");
	run_free(&r);
}

/* case09 has an entry with a missing comma between two fields. */
static void test_zotero_broken_entry(void **state)
{
	run r;

	run_shared(&r, "zotero-translators/bibtex/case09.bib");
	assert_int_equal(r.nerr, 1);
	assert_int_equal(r.errs[0].code, LDX_ERR_PARSE);
	assert_int_equal(r.errs[0].line, 29);
	assert_non_null(strstr(r.errs[0].file, "case09.bib"));
	assert_int_equal(r.n, 6);
	assert_string_equal(r.recs[4].title, "Mendeley: single attachment");
	assert_string_equal(r.recs[5].title, "Citavi: single attachment");
	assert_int_equal(r.recs[5].line, 32);
	run_free(&r);
}

static void test_jabref_medline(void **state)
{
	run r;
	const ldx_record *rec;

	run_shared(&r, "jabref-importer-fixtures/medline-xml/MedlineImporterTestArticleItalics.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 1);
	rec = &r.recs[0];
	assert_string_equal(rec->title,
	                    "Genome-wide significant risk factors on chromosome 19 and the APOE locus.");
	assert_string_equal(rec->pmid, "29872490");
	assert_string_equal(rec->pmcid, "PMC5973862");
	assert_string_equal(rec->doi, "10.18632/oncotarget.25083");
	assert_string_equal(rec->journal, "Oncotarget");
	assert_string_equal(rec->journal_abbrev, "Oncotarget");
	assert_int_equal(rec->year, 2018);
	assert_int_equal(rec->authors.n, 24);
	assert_list(&rec->authors, 0, "Moreno-Grau S");
	assert_list(&rec->authors, 1, "Hernández I");
	assert_int_equal(rec->keywords.n, 6);
	assert_list(&rec->keywords, 4, "late onset Alzheimer’s disease");
	run_free(&r);

	run_shared(&r, "jabref-importer-fixtures/medline-xml/MedlineImporterTestNbib.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.recs[0].line, 1);
	assert_int_equal(r.recs[1].line, 42);
	assert_string_equal(r.recs[0].pmid, "23633646");
	assert_string_equal(r.recs[0].journal_abbrev, "J Endocrinol Invest");
	assert_int_equal(r.recs[0].authors.n, 4);
	assert_list(&r.recs[0].authors, 3, "Strachan MWJ");
	assert_int_equal(r.recs[0].keywords.n, 13);
	assert_string_equal(r.recs[1].pmid, "21413195");
	assert_list(&r.recs[1].authors, 0,
	            "National Collaborating Centre for Chronic Conditions (UK)");
	run_free(&r);

	run_shared(&r, "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestCompleteEntry.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].pmid, "20481061");
	assert_string_equal(r.recs[0].journal_abbrev, "20 Century Br Hist");
	assert_int_equal(r.recs[0].authors.n, 2);
	assert_int_equal(r.recs[0].keywords.n, 14);
	run_free(&r);

	/* A booktitle stands in for a missing title. */
	run_shared(&r, "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestInproceeding.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title, "Inproceedings book title");
	assert_string_equal(r.recs[0].pmid, "22664238");
	run_free(&r);

	/* The abstract spans two lines. */
	run_shared(&r, "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestMultiAbstract.bib");
	assert_int_equal(r.n, 1);
	assert_int_equal(r.recs[0].year, 2013);
	assert_string_equal(r.recs[0].abstract, "Old Abstract new abstract");
	run_free(&r);
}

static void test_jabref_ris(void **state)
{
	run r;

	run_shared(&r, "jabref-importer-fixtures/ris/RisImporterTestScience.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title,
	                    "Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys");
	assert_int_equal(r.recs[0].keywords.n, 5);
	assert_int_equal(r.recs[0].year, 2016);
	run_free(&r);

	run_shared(&r, "jabref-importer-fixtures/ris/RisImporterTest6.bib");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title,
	                    "Chelation: Harnessing and Enhancing Heavy Metal Detoxification–A Review");
	assert_string_equal(r.recs[0].pmid, "23690738");
	run_free(&r);
}

/* Every .bib file in the shared data, with the record and error counts
 * measured when the reader was written. */
static void sweep_dir(const char *rel, size_t *files, size_t *recs, int *errs)
{
	const char *dir = unit_shared_path(rel);
	char path[8192];
	struct dirent *de;
	DIR *d;

	UNIT_REQUIRE_FILE(dir);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		run r;

		if (len < 5 || strcmp(de->d_name + len - 4, ".bib") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", unit_shared_path(rel), de->d_name);
		run_path(&r, path);
		for (size_t i = 0; i < r.n; i++)
			assert_true(r.recs[i].line >= 1);
		*files += 1;
		*recs += r.n;
		*errs += r.nerr;
		run_free(&r);
	}
	closedir(d);
}

static void test_sweep_all(void **state)
{
	static const struct {
		const char *dir;
		size_t files, recs;
		int errs;
	} dirs[] = {
		{"zotero-translators/bibtex", 24, 33, 1},
		{"jabref-importer-fixtures/medline-plain", 6, 7, 0},
		{"jabref-importer-fixtures/medline-xml", 10, 11, 0},
		{"jabref-importer-fixtures/nbib", 1, 1, 0},
		{"jabref-importer-fixtures/ris", 18, 18, 0},
	};

	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		size_t files = 0, recs = 0;
		int errs = 0;

		sweep_dir(dirs[i].dir, &files, &recs, &errs);
		if (files != dirs[i].files || recs != dirs[i].recs || errs != dirs[i].errs)
			print_error("%s: %zu files, %zu records, %d errors\n", dirs[i].dir, files,
			            recs, errs);
		assert_int_equal(files, dirs[i].files);
		assert_int_equal(recs, dirs[i].recs);
		assert_int_equal(errs, dirs[i].errs);
	}
}

/* The samples shipped in corpus/formats/ (written for litdex). */
static void test_corpus_samples(void **state)
{
	run r;

	run_path(&r, "corpus/formats/zotero-export.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.recs[0].authors.n, 3);
	assert_non_null(strstr(r.recs[0].title, "ketamine"));
	run_free(&r);

	run_path(&r, "corpus/formats/jabref-library.bib");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.n, 3);
	assert_non_null(r.recs[2].title);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_fields),
		cmocka_unit_test(test_delimiters_and_case),
		cmocka_unit_test(test_values_and_macros),
		cmocka_unit_test(test_skipped_and_outside_text),
		cmocka_unit_test(test_latex_in_fields),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_keywords_and_mesh),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_years_and_journals),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_unterminated_brace),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_unterminated_at_end),
		cmocka_unit_test(test_garbage_inside_entry),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_entry_too_long),
		cmocka_unit_test(test_hostile_nesting),
		cmocka_unit_test(test_many_macros),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_zotero_pubmed_export),
		cmocka_unit_test(test_zotero_latex_and_macros),
		cmocka_unit_test(test_zotero_broken_entry),
		cmocka_unit_test(test_jabref_medline),
		cmocka_unit_test(test_jabref_ris),
		cmocka_unit_test(test_sweep_all),
		cmocka_unit_test(test_corpus_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
