/*
 * stopwords.c: the English stop word list of "any of the words" queries
 * (search.c hands ldx_stop_word to the query translator).
 *
 * The list is NLTK's English stop words (the nltk_data "stopwords"
 * corpus, 179 words), written out here without the one-letter words but
 * "a" and without the contraction pieces ("s", "t", "d", "ll", "don't",
 * ...): a lone letter in a query is more often "vitamin d", "hepatitis b"
 * or "phase i" than a clipped word.  "a" stays, the commonest English
 * word; short queries keep it (LDX_STOP_MIN_WORDS), so "vitamin a" works.  It replaced Lucene's 33 words, which kept question words ("how",
 * "why", "what", "can", "do"), the commonest openings of natural-language
 * queries.  PubMed too ignores such words in a query.
 *
 * Measured with `make eval` (NFCorpus dev nDCG@10): 0.3176 against 0.3158
 * with Lucene's list, 0.3155 with PubMed's own stop list (133 words,
 * which also drops "found", "shown", "significantly", "use").
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stopwords.h"

/* Sorted (C locale) for bsearch. */
static const char *const stop_words[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
	"as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
	"but", "by", "can", "did", "do", "does", "doing", "down", "during", "each", "few",
	"for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
	"herself", "him", "himself", "his", "how", "if", "in", "into", "is", "it", "its",
	"itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
	"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
	"own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
	"through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
	"when", "where", "which", "while", "who", "whom", "why", "will", "with", "you", "your",
	"yours", "yourself", "yourselves",
};

#define STOP_WORD_MAX 16  /* longer than any word in the list */

static int compare(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int ldx_stop_word(const char *text, int n)
{
	char word[STOP_WORD_MAX];

	if (n <= 0 || n >= STOP_WORD_MAX)
		return 0;
	for (int i = 0; i < n; i++) {
		char c = text[i];
		word[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	word[n] = '\0';
	return bsearch(word, stop_words, sizeof stop_words / sizeof *stop_words,
	               sizeof *stop_words, compare) != NULL;
}
