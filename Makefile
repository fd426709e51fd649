# litdex: one plain Makefile.  `make` builds build/litdex; see README.md.
#
#   make run       install missing packages, build, index corpus/, search it
#   make test      install missing packages, build, run every test
#   make sanitize  the same tests built with ASan + UBSan
#   make install   PREFIX=/usr/local DESTDIR=

CC       ?= cc
PKGS     := sqlite3 libxml-2.0 zlib
BUILD    ?= build
PREFIX   ?= /usr/local
BINDIR   := $(PREFIX)/bin
OPT      ?= -O2 -g

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer

CFLAGS   ?=
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -fPIC \
            -Wall -Wextra -Wshadow -Wno-unused-parameter -Iinclude -Isrc $(PKG_CFLAGS) $(SAN)
LDFLAGS  += $(SAN)
LDLIBS   += $(PKG_LIBS) -lpthread -lm

CLI_SRC  := src/main.c $(wildcard src/cli_*.c) $(wildcard src/cmd_*.c) $(wildcard src/output/*.c)
EXT_SRC  := src/extension.c
LIB_SRC  := $(filter-out $(CLI_SRC) $(EXT_SRC),$(wildcard src/*.c src/ingest/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DEPS     := $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

.PHONY: all deps run test unit cli sanitize sanitize-build install uninstall clean examples

all: $(BUILD)/litdex $(BUILD)/liblitdex.so

deps:
	@scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/liblitdex.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The loadable SQLite extension: the tokenizer and ranking functions for
# the sqlite3 shell, Python, R (see src/extension.c).
$(BUILD)/liblitdex.so: $(BUILD)/src/extension.o $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Programs that embed litdex through include/litdex.h only.
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))
examples: $(EXAMPLES)

$(BUILD)/examples/%: examples/%.c include/litdex.h $(BUILD)/liblitdex.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblitdex.a $(LDLIBS)

$(BUILD)/litdex: $(CLI_OBJ) $(BUILD)/liblitdex.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/liblitdex.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/reader_run.h $(BUILD)/liblitdex.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/liblitdex.a \
		$(LDLIBS) -lcmocka

RUN_DB := $(BUILD)/run/index.db
run: deps
	@$(MAKE) --no-print-directory all
	@rm -rf $(BUILD)/run && mkdir -p $(BUILD)/run
	$(BUILD)/litdex --db $(RUN_DB) index corpus/
	$(BUILD)/litdex --db $(RUN_DB) search "homeostatic plasticity" --limit 5

# The plain run, then the same tests under ASan + UBSan (as make sanitize);
# the one last line sums both runs.
test: deps
	@$(MAKE) --no-print-directory all examples bench-tools $(UNIT_BIN)
	@$(MAKE) --no-print-directory sanitize-build
	@rm -f $(BUILD)/test-counts build/san/test-counts
	@BUILD=$(BUILD) tests/run.sh --counts $(BUILD)/test-counts; \
	echo "== sanitize: the same tests built with ASan + UBSan"; \
	$(SAN_ENV) tests/run.sh --counts build/san/test-counts; \
	tests/run.sh --total $(BUILD)/test-counts build/san/test-counts

SAN_ENV := BUILD=build/san ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

sanitize-build:
	@$(MAKE) --no-print-directory BUILD=build/san OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		build/san/litdex $(UNIT_SRC:tests/unit/%.c=build/san/tests/%)

sanitize: deps
	@$(MAKE) --no-print-directory sanitize-build
	@$(SAN_ENV) tests/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/litdex $(DESTDIR)$(BINDIR)/litdex
	install -m 644 man/litdex.1 $(DESTDIR)$(PREFIX)/share/man/man1/litdex.1
	install -m 644 completion/litdex.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/litdex

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/litdex $(DESTDIR)$(PREFIX)/share/man/man1/litdex.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/litdex

clean:
	rm -rf build

-include $(DEPS)

# ---- Reliability: fuzzing and valgrind -----------------------------------
#   make fuzz FUZZ_SECONDS=60   build the libFuzzer targets in fuzz/ (clang,
#                               ASan + UBSan) and run each for that long;
#                               fails on any crash, leak or sanitizer report,
#                               whose input is saved in tests/regress/<name>/
#   make memcheck               the CLI tests with litdex under valgrind

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES   := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-build memcheck

fuzz-build:
	@scripts/install-deps.sh clang libclang-rt-dev
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) OPT="-O1 -g" \
		SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_BIN)

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(FUZZ_BUILD)/liblitdex.a
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra \
		-Wno-unused-parameter -Iinclude -Isrc $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer \
		-o $@ $< $(FUZZ_BUILD)/liblitdex.a $(PKG_LIBS) -lpthread -lm

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_NAMES)

memcheck: all
	@scripts/install-deps.sh valgrind
	@BUILD=$(BUILD) tests/cli/rel-memcheck.sh

# ---- ranking evaluation (eval/README.md) ----
# The scorer is its own small program: it needs neither liblitdex nor
# SQLite, and its unit test links it directly.
.PHONY: eval eval-tools
EVAL_OBJ := $(BUILD)/eval/score.o

eval-tools: $(BUILD)/eval/trec_score

$(BUILD)/eval/trec_score: $(BUILD)/eval/trec_score.o $(EVAL_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

$(BUILD)/tests/test_scorer: tests/unit/test_scorer.c tests/unit/unit.h $(EVAL_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -Itests/unit -Ieval $(LDFLAGS) -o $@ $< $(EVAL_OBJ) -lcmocka -lm

eval: deps
	@$(MAKE) --no-print-directory all eval-tools
	@BUILD=$(BUILD) eval/run.sh

-include $(BUILD)/eval/score.d $(BUILD)/eval/trec_score.d

# ---- litdex serve (src/cmd_serve.c, src/cli_serve_*.c) ----
# libmicrohttpd, and the page (web/) embedded in the binary by web/embed.sh.
CFLAGS     += $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
LDLIBS     += $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
WEB_ASSETS := web/index.html web/style.css web/app.js
CLI_OBJ    += $(BUILD)/web_assets.o

$(BUILD)/litdex: $(BUILD)/web_assets.o

$(BUILD)/web_assets.c: $(WEB_ASSETS) web/embed.sh
	@mkdir -p $(@D)
	sh web/embed.sh $(WEB_ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/web_assets.o: $(BUILD)/web_assets.c src/serve.h
	$(CC) $(CFLAGS) -c $< -o $@

# ---- benchmark (bench/README.md) ----
#   make bench                   N = 200,000 records (and N/10); about 8 min
#   make bench BENCH_N=1000000   the size the targets are set for; about 32 min
.PHONY: bench bench-tools
BENCH_N ?= 200000
BENCH_GEN_SRC := bench/gen.c bench/gen_model.c bench/gen_record.c bench/gen_queries.c

bench-tools: $(BUILD)/bench/bench-gen $(BUILD)/bench/bench-query $(BUILD)/bench/bench-time

$(BUILD)/bench/bench-gen: $(BENCH_GEN_SRC) bench/gen_model.h bench/gen_record.h bench/gen_queries.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(BENCH_GEN_SRC) -lz -lm

$(BUILD)/bench/bench-query: bench/qbench.c $(BUILD)/liblitdex.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblitdex.a $(LDLIBS)

$(BUILD)/bench/bench-time: bench/timecmd.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

bench: deps
	@$(MAKE) --no-print-directory all bench-tools
	@BUILD=$(BUILD) BENCH_N=$(BENCH_N) bash bench/run.sh
