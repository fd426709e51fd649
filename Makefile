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
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) \
            -Wall -Wextra -Wshadow -Wno-unused-parameter -Iinclude -Isrc $(PKG_CFLAGS) $(SAN)
LDFLAGS  += $(SAN)
LDLIBS   += $(PKG_LIBS) -lpthread -lm

CLI_SRC  := src/main.c $(wildcard src/cli_*.c) $(wildcard src/cmd_*.c) $(wildcard src/output/*.c)
LIB_SRC  := $(filter-out $(CLI_SRC),$(wildcard src/*.c src/ingest/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DEPS     := $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

.PHONY: all deps run test unit cli sanitize install uninstall clean

all: $(BUILD)/litdex

deps:
	@scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/liblitdex.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/litdex: $(CLI_OBJ) $(BUILD)/liblitdex.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/liblitdex.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/liblitdex.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/liblitdex.a \
		$(LDLIBS) -lcmocka

RUN_DB := $(BUILD)/run/index.db
run: deps
	@$(MAKE) --no-print-directory all
	@rm -rf $(BUILD)/run && mkdir -p $(BUILD)/run
	$(BUILD)/litdex --db $(RUN_DB) index corpus/
	$(BUILD)/litdex --db $(RUN_DB) search "homeostatic plasticity" --limit 5

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@BUILD=$(BUILD) tests/run.sh

sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build/san OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		build/san/litdex $(UNIT_SRC:tests/unit/%.c=build/san/tests/%)
	@BUILD=build/san ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		tests/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BUILD)/litdex $(DESTDIR)$(BINDIR)/litdex

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/litdex

clean:
	rm -rf build

-include $(DEPS)
