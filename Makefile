# zonelint: build, test and install.
#
#   make              build ./zonelint, the message catalogs and the example
#                     plugin rules/examples/example.so
#   make check        run the Check unit suites, the fixture zones, the
#                     output-format tests and the hostile inputs
#   make check-asan   the same, built with AddressSanitizer and UBSan
#   make check-integration  run the pre-commit hook in a scratch git
#                     repository, and render the HTML report in headless
#                     Chromium (screenshots go to tests/out/html/)
#   make check-libspf2  compare the SPF rules with libspf2 on generated
#                     zones (needs Debian libspf2-dev; not part of check)
#   make check-parity  compare the findings with named-checkzone, kzonecheck
#                     and validns on every fixture zone
#   make demo         install missing Debian packages (as root), build, and
#                     analyze the bundled example zone
#   make bench        time zonelint beside the peers; see doc/BENCHMARKS.md
#   make fuzz         build the libFuzzer targets with clang and run each for
#                     FUZZ_SECONDS (60); see doc/ROBUSTNESS.md
#   make check-valgrind  the fixture suite under valgrind
#   make install      install under $(DESTDIR)$(PREFIX)
#   make clean
#
# Knobs: CC, CFLAGS (optimization and debug flags), LDFLAGS, PREFIX,
# DESTDIR, LOCALEDIR, MANDIR, DOCDIR (the rule pages that --explain prints
# go to DOCDIR/rules, their Japanese translations to DOCDIR/ja/rules), V=1
# to print full commands, WERROR=1 to turn warnings into errors (CI does),
# BENCH_ARGS for bench/run (e.g. BENCH_ARGS=--quick to measure the 100k
# zone only).  LOCALEDIR and DOCDIR
# are compiled into the binary, so give make and make install the same
# PREFIX.  HOMEPAGE (the project's web address) becomes the SARIF
# informationUri, and RULE_DOC_URL (an absolute URI ending in '/' under
# which <rule-id>.md is each rule's page) the SARIF helpUri; both are left
# out of the SARIF output while empty.

PREFIX    ?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale
MANDIR    ?= $(PREFIX)/share/man
DOCDIR    ?= $(PREFIX)/share/doc/zonelint
CFLAGS    ?= -O2 -g
BUILD     ?= build
LDFLAGS   ?=
DESTDIR   ?=
V         ?= 0
WERROR    ?= 0
VERSION   := 0.1.0
HOMEPAGE  ?=
RULE_DOC_URL ?=
BENCH_ARGS ?=

PKGS      := ldns libpcre2-8 libidn2 inih libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
# OpenSSL's libcrypto verifies DNSSEC signatures with keys read once per
# zone; the tests also use it as an oracle for DKIM keys.
ORACLE_LIBS := $(shell pkg-config --libs libcrypto 2>/dev/null)

WARN      := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN      += -Werror
endif
ALL_CFLAGS := -std=c17 -D_DEFAULT_SOURCE $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) \
	-DLOCALEDIR='"$(LOCALEDIR)"' -DZL_DOCDIR='"$(DOCDIR)"' \
	-DZL_VERSION='"$(VERSION)"' \
	-DZL_HOMEPAGE='"$(HOMEPAGE)"' -DZL_RULE_DOC_URL='"$(RULE_DOC_URL)"' \
	-MMD -MP $(CFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRCS  := $(filter-out src/cli.c,$(wildcard src/*.c)) $(wildcard rules/*.c)
RULE_DOCS := $(wildcard doc/rules/*.md)
# Translated rule pages, doc/<lang>/rules/<id>.md.
RULE_DOCS_JA := $(wildcard doc/ja/rules/*.md)
GEN_DOCS  := $(BUILD)/gen/rule_docs.c
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(GEN_DOCS:.c=.o)
CLI_OBJ   := $(BUILD)/src/cli.o
LIB       := $(BUILD)/libzonelint.a
BIN       ?= zonelint
# Plugins are built against the installed header only, as outside
# plugins are; the executable exports its symbols for them.
PLUGIN_CFLAGS := -std=c17 $(WARN) -Iinclude -fPIC -shared $(CFLAGS)
EXPORT_LDFLAGS := -rdynamic
EXAMPLE_PLUGIN := rules/examples/example.so
TEST_PLUGINS := $(patsubst tests/plugins/%.c,$(BUILD)/tests/plugins/%.so,$(wildcard tests/plugins/*.c))
TEST_SRCS := $(wildcard tests/check_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
PO_FILES  := $(wildcard po/*.po)
MO_FILES  := $(PO_FILES:po/%.po=locale/%/LC_MESSAGES/zonelint.mo)

.PHONY: all check check-unit check-fixtures check-explain check-config check-catalog \
	check-peers check-asan check-formats check-integration check-libspf2 check-parity \
	check-hostile check-valgrind fuzz fuzz-build \
	demo bench install clean pot update-po

all: $(BIN) $(MO_FILES) $(EXAMPLE_PLUGIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

# The "What it finds" and "Why it matters" sections of each rule page, for
# the SARIF and HTML outputs.
$(GEN_DOCS): tools/gen-rule-docs $(RULE_DOCS) $(RULE_DOCS_JA)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)tools/gen-rule-docs $(RULE_DOCS) --lang ja $(RULE_DOCS_JA) > $@.tmp && mv $@.tmp $@

$(GEN_DOCS:.c=.o): $(GEN_DOCS)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# The whole library goes in, so that every function of the plugin
# interface is there for plugins even when zonelint itself calls none.
$(BIN): $(CLI_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(EXPORT_LDFLAGS) -o $@ $(CLI_OBJ) \
		-Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(PKG_LIBS) -ldl

$(BUILD)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(EXPORT_LDFLAGS) -o $@ $< \
		-Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(PKG_LIBS) $(CHECK_LIBS) $(ORACLE_LIBS) -ldl $(LDFLAGS)

$(EXAMPLE_PLUGIN): rules/examples/example.c include/zonelint/plugin.h
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(PLUGIN_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c include/zonelint/plugin.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(PLUGIN_CFLAGS) $(LDFLAGS) -o $@ $<

locale/%/LC_MESSAGES/zonelint.mo: po/%.po
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MSGFMT  $<")
	$(Q)msgfmt --check -o $@ $<

# The template of the message catalogs, from every _() and N_() in the code.
pot:
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --add-comments=TRANSLATORS \
		--package-name=zonelint --package-version=$(VERSION) -o po/zonelint.pot \
		src/*.c rules/*.c

check: check-unit check-fixtures check-explain check-config check-formats check-hostile \
	check-catalog check-peers

# Merge new and changed messages into the catalogs; then translate them.
update-po: pot
	for po in $(PO_FILES); do msgmerge -q --update --backup=off --no-fuzzy-matching $$po po/zonelint.pot; done

check-catalog:
	$(Q)tests/check-catalog

check-unit: $(TEST_BINS) $(BIN) $(MO_FILES) $(EXAMPLE_PLUGIN) $(TEST_PLUGINS)
	$(Q)set -e; for t in $(TEST_BINS); do \
		ZONELINT=./$(BIN) ZONELINT_TESTS=tests ZONELINT_TEST_PLUGINS=$(BUILD)/tests/plugins $$t; done

check-fixtures: $(BIN) $(MO_FILES) $(EXAMPLE_PLUGIN)
	$(Q)ZONELINT=./$(BIN) tests/run-cli-tests

# Suppression comments, settings files, baselines and named.conf.
check-config: $(BIN) $(MO_FILES)
	$(Q)ZONELINT=./$(BIN) tests/test-config

# The output formats, the options around them and the installed layout,
# run on the built binary.
FORMAT_TESTS := tests/test-sarif tests/test-markdown tests/test-output \
	tests/test-explain tests/test-install tests/test-diff tests/test-safe-output \
	tests/test-text

check-formats: $(BIN) $(MO_FILES) $(EXAMPLE_PLUGIN)
	$(Q)set -e; for t in $(FORMAT_TESTS); do ZONELINT=./$(BIN) $$t; done
	$(Q)ZONELINT=./$(BIN) tests/test-html --no-browser

# Hostile inputs under time and memory limits.  Not part of check-asan:
# the sanitizers reserve more address space than the limit allows.
check-hostile: $(BIN) $(MO_FILES)
	$(Q)ZONELINT=./$(BIN) tests/test-hostile

# zonelint inside other tools: the pre-commit hook in a scratch git
# repository, and the HTML report in a browser.  Needs git, pre-commit
# and chromium (tools/packages-test); CI runs it.
check-integration: $(BIN) $(MO_FILES)
	$(Q)ZONELINT=./$(BIN) tests/test-precommit
	$(Q)ZONELINT=./$(BIN) tests/test-html

check-explain: $(BIN) $(MO_FILES)
	$(Q)ZONELINT=./$(BIN) tests/check-explain-spf

# Every problem that named-checkzone, kzonecheck or validns reports on a
# fixture must have a zonelint finding, unless tests/parity/run lists the
# difference.  Needs python3; peers that are not installed are skipped.
check-parity: $(BIN)
	$(Q)ZONELINT=./$(BIN) tests/parity/run

# Valid fixtures must load in BIND too; skipped when named-checkzone is
# not installed.  Never without -i local: it would resolve names over the
# network.
check-peers:
	$(Q)tests/check-peers

# The libspf2 oracle evaluates the generated policies with an in-memory
# zone layer only, so it sends no DNS query.
$(BUILD)/tests/spf-oracle: tests/libspf2/spf-oracle.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c17 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) -o $@ $< -lspf2 $(LDFLAGS)

check-libspf2: $(BIN) $(BUILD)/tests/spf-oracle
	$(Q)tests/libspf2/check-libspf2 ./$(BIN) $(BUILD)/tests/spf-oracle 300

# The example plugin is built first with the plain flags: its path is
# fixed, so a sanitizer build of it would be loaded by the plain tests.
check-asan: $(EXAMPLE_PLUGIN)
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		$(MAKE) BUILD=build/asan BIN=build/asan/zonelint \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check-unit check-fixtures check-explain \
		check-config check-formats

demo:
	$(Q)tools/install-deps
	$(Q)$(MAKE) all
	./$(BIN) examples/example.jp.zone || true

bench: $(BIN)
	bench/run $(BENCH_ARGS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)/rules \
		$(DESTDIR)$(DOCDIR)/ja/rules
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/zonelint
	install -m 644 doc/zonelint.1 $(DESTDIR)$(MANDIR)/man1/zonelint.1
	install -m 644 README.md README.ja.md doc/LIMITATIONS.md $(DESTDIR)$(DOCDIR)
	install -m 644 $(RULE_DOCS) $(DESTDIR)$(DOCDIR)/rules
	install -m 644 $(RULE_DOCS_JA) $(DESTDIR)$(DOCDIR)/ja/rules
	install -d $(DESTDIR)$(PREFIX)/include/zonelint
	install -m 644 include/zonelint/plugin.h $(DESTDIR)$(PREFIX)/include/zonelint/plugin.h
	for mo in $(MO_FILES); do \
		lang=$${mo#locale/}; lang=$${lang%%/*}; \
		install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
		install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/zonelint.mo; \
	done

clean:
	rm -rf $(BUILD) locale $(BIN) $(EXAMPLE_PLUGIN)

# libFuzzer targets, built with clang into $(FUZZ_BUILD) and run one
# after the other for FUZZ_SECONDS each.  The corpus grows in
# $(FUZZ_BUILD)/corpus; inputs that crash land in $(FUZZ_BUILD)/artifacts.
# Seeds are the fixture zones and a few mail records, copied at run time.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_TARGETS := fuzz_zone fuzz_spf fuzz_mailrec
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

fuzz-build:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
		$(FUZZ_BUILD)/libzonelint.a
	$(Q)for t in $(FUZZ_TARGETS); do \
		$(if $(Q),echo "  FUZZ    $$t";) \
		$(FUZZ_CC) -std=c17 -D_DEFAULT_SOURCE $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) -O1 -g \
			-fsanitize=fuzzer $(FUZZ_SAN) -o $(FUZZ_BUILD)/$$t tests/fuzz/$$t.c \
			$(FUZZ_BUILD)/libzonelint.a $(PKG_LIBS) -ldl || exit 1; \
	done

fuzz: fuzz-build
	$(Q)tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The fixture suite under valgrind: no invalid access, no leak.
check-valgrind: $(BUILD)/tests/check_fixtures $(BIN) $(MO_FILES)
	$(Q)CK_FORK=no ZONELINT=./$(BIN) ZONELINT_TESTS=tests \
		valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		$(BUILD)/tests/check_fixtures

-include $(LIB_OBJS:.o=.d) $(CLI_OBJ:.o=.d)
