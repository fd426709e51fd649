/*
 * cmd_serve.c: `litdex serve`: a local search page and JSON API over the
 * index.  This file takes the options, binds the listening socket (so
 * that a busy port is reported plainly and --port 0 can pick a free one),
 * starts the server of cli_serve_http.c and waits for SIGINT or SIGTERM
 * to stop it.  The index is only ever opened read-only.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli.h"
#include "serve.h"

#define SERVE_THREADS 4

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex serve [OPTIONS]\n"
	        "\n"
	        "Serves a search page for the index at http://127.0.0.1:8080/ until Ctrl-C:\n"
	        "a query box (the query language of 'litdex search'), journal and year\n"
	        "filters, a histogram of years, highlighted results with links to the DOI\n"
	        "and PubMed, and similar papers.  The index is opened read-only.\n"
	        "\n"
	        "The page uses a JSON API that scripts can use too:\n"
	        "  /api/search?q=&journal=&year=&author=&limit=&offset=&sort=&any=\n"
	        "  /api/show?key=\n"
	        "  /api/similar?key=&journal=&year=&author=&limit=&offset=&sort=\n"
	        "  /api/facet?q=&field=year|journal|author|mesh&journal=&year=&author=&any=\n"
	        "Bad parameters get a 400 with {\"error\": ..., \"position\": ...}.\n"
	        "\n"
	        "options:\n"
	        "  --port N           TCP port (default 8080; 0 picks a free one)\n"
	        "  --address ADDR     address to listen on (default 127.0.0.1, this machine\n"
	        "                     only; ::1 for IPv6; another address exposes the index)\n"
	        "  --db PATH          index file (see 'litdex --help')\n"
	        "\n"
	        "exit status: 0 when stopped by Ctrl-C or SIGTERM, 2 on error\n"
	        "\n"
	        "examples:\n"
	        "  litdex serve\n"
	        "  litdex serve --port 9000\n"
	        "  curl 'http://127.0.0.1:8080/api/search?q=ketamine&year=2015-&limit=5'\n");
}

/* Binds and listens on address:port; returns the socket, or -1 with a
 * message printed.  *url gets "http://ADDR:PORT/" with the real port. */
static int listen_on(const char *address, const char *port, char *url, size_t urlsz,
                     int *loopback)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                          .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	struct sockaddr_storage sa;
	socklen_t salen = sizeof sa;
	char host[INET6_ADDRSTRLEN];
	int fd = -1, one = 1, rc;

	if ((rc = getaddrinfo(address, port, &hints, &ai)) != 0) {
		cli_msg("serve: bad --address '%s': %s", address, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) != 0) {
		cli_msg("serve: cannot listen on %s port %s: %s", address, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	if (sa.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		snprintf(url, urlsz, "http://[%s]:%u/", host, ntohs(in6->sin6_port));
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	} else {
		struct sockaddr_in *in4 = (struct sockaddr_in *)&sa;
		inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
		snprintf(url, urlsz, "http://%s:%u/", host, ntohs(in4->sin_port));
		*loopback = (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	}
	return fd;
}

/* Never runs: the stop signals are blocked and taken by sigwait(). */
static void on_stop(int sig)
{
}

int cmd_serve(int argc, char **argv, cli_globals *g)
{
	enum { O_PORT = 256, O_ADDRESS, O_DB };
	static const struct option options[] = {
		{ "address", required_argument, NULL, O_ADDRESS },
		{ "db", required_argument, NULL, O_DB },
		{ "help", no_argument, NULL, 'h' },
		{ "port", required_argument, NULL, O_PORT },
		{ NULL, 0, NULL, 0 },
	};
	const char *address = "127.0.0.1", *port = "8080";
	serve_config cfg = { .listen_fd = -1, .threads = SERVE_THREADS };
	serve_server *server = NULL;
	char *path = NULL, url[128], msg[256];
	sigset_t stop;
	ldx_db *db = NULL;
	int opt, sig, code = CLI_EXIT_ERROR;

	while ((opt = cli_getopt("serve", argc, argv, "h", options)) != -1) {
		switch (opt) {
		case O_ADDRESS: address = optarg; break;
		case O_DB: g->db_path = optarg; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case O_PORT: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (end == optarg || *end || n < 0 || n > 65535) {
				cli_msg("serve: --port needs a number from 0 to 65535, not '%s'", optarg);
				return CLI_EXIT_ERROR;
			}
			port = optarg;
			break;
		}
		default: return CLI_EXIT_ERROR;
		}
	}
	if (optind < argc) {
		cli_msg("serve: unexpected argument '%s' (see 'litdex serve --help')", argv[optind]);
		return CLI_EXIT_ERROR;
	}
	/* fail now, not at the first request, when there is no index */
	if ((code = cli_open_db(g, LDX_OPEN_READONLY, &db)) != CLI_EXIT_OK)
		return code;
	ldx_close(db);
	code = CLI_EXIT_ERROR;
	if (!(path = g->db_path ? strdup(g->db_path) : ldx_default_db_path())) {
		cli_msg("serve: out of memory");
		return CLI_EXIT_ERROR;
	}
	cfg.db_path = path;

	/* the server's threads inherit this mask: only sigwait() below sees
	 * the stop signals.  A handler, because a shell starts background
	 * jobs with SIGINT ignored, and an ignored signal is never pending. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	signal(SIGPIPE, SIG_IGN);

	if ((cfg.listen_fd = listen_on(address, port, url, sizeof url, &cfg.loopback)) < 0)
		goto out;
	if (serve_start(&cfg, &server, msg, sizeof msg) != 0) {
		cli_msg("serve: %s", msg);
		close(cfg.listen_fd);
		goto out;
	}
	cli_msg("serving %s (Ctrl-C to stop)", url);
	if (!cfg.loopback)
		cli_msg("warning: %s is not a loopback address: other machines can read the index",
		        address);
	while (sigwait(&stop, &sig) != 0)
		;
	serve_stop(server);
	cli_msg("stopped");
	code = CLI_EXIT_OK;
out:
	free(path);
	return code;
}
