/*
 * latex.h: LaTeX text (as found in BibTeX values) to plain UTF-8.
 *
 * Interface to code in latex.c.  Accents ({\"o}, \"{o}, \"o, \v{c},
 * \'{\i} ...) become precomposed characters, special letters (\ss, \o,
 * \ae, \l ...) and escapes (\&, \%, \_ ...) their characters, "--" and
 * "---" dashes, "~" a no-break space, Greek and a few math symbols
 * ($\alpha$) their Unicode letters, formatting commands (\textit{x},
 * {\bf x}) their argument text, and the braces that only protect case
 * disappear.  An unknown command loses its name but keeps its argument
 * text.  The output is not normalised further: record.c collapses the
 * white space and repairs any invalid UTF-8 that came in.
 */
#ifndef LDX_LATEX_H
#define LDX_LATEX_H

#include <stddef.h>

#include "litdex.h"

enum {
	/* Identifiers (DOIs, URLs): only braces go and \_ \% \& \# \$ \{ \}
	 * are unescaped; dashes, quotes, accents and math stay as written. */
	LDX_LATEX_LITERAL = 1
};

/*
 * Converts s[0..n) into a malloc'ed, NUL-terminated string, its length
 * in *outlen (may be NULL).  The caller frees *out.  Returns LDX_OK or
 * LDX_ERR_NOMEM (then *out is NULL).  Never fails on malformed LaTeX:
 * what cannot be understood is passed through or dropped.
 */
ldx_status ldx_latex_to_utf8(const char *s, size_t n, int flags, char **out,
                             size_t *outlen);

#endif
