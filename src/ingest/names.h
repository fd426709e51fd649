/*
 * names.h: author names in the record's one form, "Last Initials"
 * ("Kavalali ET"), for every reader.  A group author ("Alzheimer's
 * Disease Neuroimaging Initiative Study Group") is kept whole.
 *
 * The rules, stated once:
 *  - Initials: each word of the given names gives its first letter, an
 *    ASCII one capitalised, another (UTF-8) kept as written.  Words are
 *    separated by white space, '-', '.', ',' and U+00A0, so "Jean-Paul"
 *    gives "JP" and "J. A. W." gives "JAW".  A word that does not start
 *    with a letter ("(Jim)", "2nd") gives none.  A word of two or three
 *    ASCII capitals is initials run together and is kept whole ("KC").
 *    At most LDX_NAME_INITIALS_MAX initials.
 *  - "Last, First[, Suffix]": the surname, then the initials of the given
 *    names; a suffix after a second comma is dropped; given names that
 *    are initials already ("Cao, WX") are kept.
 *  - "First Middle Last" (a display name): the last word is the surname,
 *    with the lowercase particles before it ("Rik van Rheenen" -> "van
 *    Rheenen R"); trailing suffixes (Jr, Sr, II, III, IV) are dropped; a
 *    name already in "Last FM" form and a single word are kept as they
 *    are.
 *
 * Nothing here allocates beyond what it pushes; every function returns
 * LDX_OK or LDX_ERR_NOMEM.  The text is not normalised here: the list
 * (ldx_strlist_push) does that.
 */
#ifndef LDX_NAMES_H
#define LDX_NAMES_H

#include <stddef.h>

#include "litdex.h"
#include "record.h"

/* Initials kept from given names: "A. B. C. ..." stops here. */
#define LDX_NAME_INITIALS_MAX 16
/* Room for the initials and their NUL: each is at most 4 UTF-8 bytes. */
#define LDX_NAME_INITIALS_BYTES (LDX_NAME_INITIALS_MAX * 4 + 1)

/*
 * Writes the initials of given[0..n) to out (cap bytes, NUL-terminated;
 * LDX_NAME_INITIALS_BYTES always suffices) and returns their length in
 * bytes, 0 when there are none.
 */
size_t ldx_name_initials(const char *given, size_t n, char *out, size_t cap);

/* s[0..n) names a group, not a person: it holds a word such as "group",
 * "consortium", "committee" or "investigators" (any case). */
int ldx_name_is_collective(const char *s, size_t n);

/*
 * Pushes "last initials" built from a surname and given names, each
 * trimmed; given names already written as initials are kept ("Cao" +
 * "WX").  Without initials, the surname alone; without a surname, the
 * given names as written.
 */
ldx_status ldx_name_push_parts(ldx_strlist *l, const char *last, size_t ln,
                               const char *given, size_t gn);

/* Pushes "Last, First[, Suffix]" as "Last Initials"; a name without a
 * comma is pushed as written, since its order is unknown. */
ldx_status ldx_name_push_inverted(ldx_strlist *l, const char *s, size_t n);

/* Pushes a name written in any common order: a group name whole, "Last,
 * First" as ldx_name_push_inverted, else "First Middle Last". */
ldx_status ldx_name_push_display(ldx_strlist *l, const char *s, size_t n);

#endif
