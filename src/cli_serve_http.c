/*
 * cli_serve_http.c: the HTTP side of `litdex serve`, on libmicrohttpd:
 * a pool of worker threads on a socket cmd_serve.c bound, the routes (the
 * embedded page at /, the JSON API under /api/), the request limits, and
 * the headers every reply carries (Content-Type, a restrictive
 * Content-Security-Policy, nosniff, no referrer, no framing).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve.h"

/* Scripts, styles and requests from this server only; nothing inline. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define JSON_TYPE "application/json; charset=utf-8"

struct serve_server {
	struct MHD_Daemon *daemon;
	const serve_config *cfg;
};

/* What uri_check() tells the request handler through *req_cls. */
static const char uri_fits = 0, uri_too_long = 0;

typedef struct param_list {
	serve_param p[SERVE_PARAMS_MAX];
	size_t n;
	int too_many;
} param_list;

/* MHD's own messages (a failed accept, a malformed request). */
static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	fprintf(stderr, "litdex: serve: %s\n", msg);
}

/* Sees the raw request URI, with its query string, before it is parsed. */
static void *uri_check(void *cls, const char *uri, struct MHD_Connection *conn)
{
	return (void *)(strlen(uri) > SERVE_URL_MAX ? &uri_too_long : &uri_fits);
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
	param_list *l = cls;
	if (l->n == SERVE_PARAMS_MAX) {
		l->too_many = 1;
		return MHD_NO;
	}
	l->p[l->n].name = key;
	l->p[l->n].value = value ? value : "";
	l->n++;
	return MHD_YES;
}

/*
 * A page on a loopback address answers only to loopback names, so that a
 * web site whose name is made to resolve to 127.0.0.1 (DNS rebinding)
 * cannot read the index through the visitor's browser.
 */
static int host_allowed(const serve_config *cfg, const char *host)
{
	char name[256];
	size_t n;

	if (!cfg->loopback || !host)
		return 1;
	if (host[0] == '[') {
		n = strcspn(host, "]");
		if (host[n] != ']')
			return 0;
		n++;
	} else {
		n = strcspn(host, ":");
	}
	if (n >= sizeof name || (host[n] && host[n] != ':'))
		return 0;
	memcpy(name, host, n);
	name[n] = '\0';
	if (!strcasecmp(name, "localhost") || !strcmp(name, "[::1]"))
		return 1;
	if (strncmp(name, "127.", 4) != 0)
		return 0;
	return strspn(name, "0123456789.") == n;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, unsigned status,
                                  const char *type, const char *cache, void *data,
                                  size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, mode);
	enum MHD_Result ok;

	if (!resp) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(data);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ok = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result send_json(struct MHD_Connection *conn, serve_reply *r)
{
	static const char empty[] = "{}";
	if (!r->body)
		return send_reply(conn, r->status ? (unsigned)r->status : 500, JSON_TYPE, "no-store",
		                  (void *)empty, sizeof empty - 1, MHD_RESPMEM_PERSISTENT);
	/* MHD frees the body */
	return send_reply(conn, (unsigned)r->status, JSON_TYPE, "no-store", r->body, r->len,
	                  MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result send_error(struct MHD_Connection *conn, int status, const char *msg)
{
	serve_reply r;
	serve_reply_error(&r, status, msg);
	return send_json(conn, &r);
}

static const serve_asset *find_asset(const char *path)
{
	if (!strcmp(path, "/"))
		path = "/index.html";
	for (size_t i = 0; i < serve_nassets; i++)
		if (!strcmp(path, serve_assets[i].path))
			return &serve_assets[i];
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
	serve_server *s = cls;
	const serve_asset *asset;
	param_list params = { .n = 0 };
	serve_reply reply;

	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return send_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD");
	if (*req_cls == &uri_too_long || strlen(url) > SERVE_URL_MAX)
		return send_error(conn, MHD_HTTP_URI_TOO_LONG, "request too long (8 KB at most)");
	if (!host_allowed(s->cfg, MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                                      MHD_HTTP_HEADER_HOST)))
		return send_error(conn, MHD_HTTP_FORBIDDEN,
		                  "this server answers only to localhost and 127.0.0.1");
	if ((asset = find_asset(url)))
		return send_reply(conn, MHD_HTTP_OK, asset->type, "no-cache", (void *)asset->data,
		                  asset->len, MHD_RESPMEM_PERSISTENT);
	if (!serve_api_known(url))
		return send_error(conn, MHD_HTTP_NOT_FOUND, "not found");
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect, &params);
	if (params.too_many)
		return send_error(conn, MHD_HTTP_BAD_REQUEST, "too many parameters");
	serve_api(s->cfg->db_path, url, params.p, params.n, &reply);
	return send_json(conn, &reply);
}

int serve_start(const serve_config *cfg, serve_server **out, char *msg, size_t msgsz)
{
	serve_server *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s) {
		snprintf(msg, msgsz, "out of memory");
		return -1;
	}
	s->cfg = cfg;
	s->daemon = MHD_start_daemon(
		MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, s,
		/* first, so that every message goes through it */
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_LISTEN_SOCKET, cfg->listen_fd,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, 64u,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_URI_LOG_CALLBACK, uri_check, NULL,
		MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(msg, msgsz, "cannot start the HTTP server");
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void serve_stop(serve_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
