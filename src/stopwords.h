/*
 * stopwords.h: the English stop words that "any of the words" queries
 * drop; see stopwords.c.
 */
#ifndef LDX_STOPWORDS_H
#define LDX_STOPWORDS_H

/* Queries of fewer whitespace-separated words keep their stop words:
 * "vitamin a" and "hepatitis a" mean what they say. */
#define LDX_STOP_MIN_WORDS 3

/* 1 when text[0..n) is a stop word (ASCII case ignored), else 0. */
int ldx_stop_word(const char *text, int n);

#endif
