/*
 * input.h: the bytes of one input document, whatever they come from.
 *
 * An ldx_input reads a file path, standard input ("-") or a memory buffer,
 * undoes gzip compression transparently (through zlib), lets a caller peek
 * at the first bytes for format detection, and hands out either raw bytes
 * (for libxml2's xmlReaderForIO) or lines with line numbers (for the text
 * formats).  Lines have a hard maximum length, so hostile input cannot make
 * the buffer grow without bound.
 */
#ifndef LDX_INPUT_H
#define LDX_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "litdex.h"

#define LDX_LINE_MAX (16 * 1024 * 1024)
#define LDX_PEEK_MAX (64 * 1024)

typedef struct ldx_input ldx_input;

/* Opens path ("-" for stdin).  On failure err names the file. */
ldx_status ldx_input_open_path(const char *path, ldx_input **out, ldx_error *err);
/* Reads buf[0..len) without copying it; buf must outlive the input.
 * name is used in messages.  gzip is undone here too. */
ldx_status ldx_input_open_memory(const char *name, const char *buf, size_t len,
                                 ldx_input **out, ldx_error *err);
void ldx_input_close(ldx_input *in);

/* Display name for messages ("papers.xml", "<stdin>"). */
const char *ldx_input_name(const ldx_input *in);

/*
 * Points *data at up to LDX_PEEK_MAX bytes from the start of the
 * (decompressed) stream and returns how many there are.  Peeking does not
 * consume: the first read or getline still starts at byte 0.  Only valid
 * before the first read or getline.
 */
size_t ldx_input_peek(ldx_input *in, const char **data);

/* Reads up to n bytes; returns the count, 0 at end, -1 on error (err set). */
ssize_t ldx_input_read(ldx_input *in, char *buf, size_t n, ldx_error *err);

/*
 * Next line without its "\n" or "\r\n", NUL-terminated, valid until the
 * next call.  A UTF-8 BOM on the first line is dropped.  Returns LDX_OK,
 * LDX_DONE at the end, or LDX_ERR_IO / LDX_ERR_PARSE (line too long).
 */
ldx_status ldx_input_getline(ldx_input *in, const char **line, size_t *len,
                             ldx_error *err);

/* 1-based number of the line last returned by getline (0 before). */
long ldx_input_lineno(const ldx_input *in);

#endif
