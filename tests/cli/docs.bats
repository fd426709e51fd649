#!/usr/bin/env bats
# docs.bats: the user documentation does not drift from the code.  Every
# long option of every command's --help is in man/litdex.1, README.md and
# the bash completion; every command has a man and a README section; the
# man page renders without warnings; every runnable README example works;
# `make install` puts the binary, man page and completion in place; and
# the completion completes what it promises.

load helpers
bats_require_minimum_version 1.5.0

MAN="$LITDEX_ROOT/man/litdex.1"
README="$LITDEX_ROOT/README.md"
COMPLETION="$LITDEX_ROOT/completion/litdex.bash"

# The commands `litdex --help` lists.
commands() {
	"$LITDEX_BIN" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

# The long options (--name) in the --help of command $1 ("" for the global help).
long_options() {
	if [ -z "$1" ]; then
		"$LITDEX_BIN" --help
	else
		"$LITDEX_BIN" "$1" --help
	fi | grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u
}

# Whether text on stdin mentions option $1 as a whole word.
mentions() {
	grep -qE -- "(^|[^a-zA-Z0-9-])$1([^a-zA-Z0-9-]|\$)"
}

# man/litdex.1 with roff's \- turned back into -.
man_text() {
	sed 's/\\-/-/g' "$MAN"
}

@test "litdex --help lists the commands the documents describe" {
	run commands
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 9 ]
	for c in index search show similar stats save new check rebuild; do
		printf '%s\n' "${lines[@]}" | grep -qx "$c" || { echo "missing command $c"; false; }
	done
}

@test "every long option of every --help is in the man page" {
	local missing=()
	for cmd in "" $(commands); do
		for opt in $(long_options "$cmd"); do
			man_text | mentions "$opt" || missing+=("${cmd:-litdex} $opt")
		done
	done
	[ ${#missing[@]} -eq 0 ] || { printf 'not in man/litdex.1: %s\n' "${missing[@]}"; false; }
}

@test "every long option of every --help is in README.md" {
	local missing=()
	for cmd in "" $(commands); do
		for opt in $(long_options "$cmd"); do
			mentions "$opt" <"$README" || missing+=("${cmd:-litdex} $opt")
		done
	done
	[ ${#missing[@]} -eq 0 ] || { printf 'not in README.md: %s\n' "${missing[@]}"; false; }
}

@test "every long option of a command's --help is completed for that command" {
	source "$COMPLETION"
	local missing=()
	for cmd in $(commands); do
		for opt in $(long_options "$cmd"); do
			_litdex_options "$cmd" | mentions "$opt" || missing+=("$cmd $opt")
		done
	done
	for opt in $(long_options ""); do
		_litdex_options "" | mentions "$opt" || missing+=("litdex $opt")
	done
	[ ${#missing[@]} -eq 0 ] || { printf 'not completed: %s\n' "${missing[@]}"; false; }
}

@test "every command has a man section and a README section" {
	local missing=()
	for cmd in $(commands); do
		grep -qE "^\.SS \"litdex $cmd( |\")" "$MAN" || missing+=("man: $cmd")
		grep -qE "^#{2,4} \`litdex $cmd( |\`)" "$README" || missing+=("README: $cmd")
	done
	[ ${#missing[@]} -eq 0 ] || { printf 'no section: %s\n' "${missing[@]}"; false; }
}

@test "README names every package scripts/install-deps.sh installs" {
	local pkgs
	pkgs=$(sed -n '/^PACKAGES="/,/"$/p' "$LITDEX_ROOT/scripts/install-deps.sh" |
		sed 's/^PACKAGES="//; s/"$//; s/\\$//')
	[ -n "$pkgs" ]
	for p in $pkgs; do
		mentions "$p" <"$README" || { echo "README does not name package $p"; false; }
	done
}

@test "every output format and input reader is documented" {
	# output formats as the code names them in its error message
	run "$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/none.db" search x --format nosuch
	[ "$status" -eq 2 ]
	local list=${output#*(use }
	list=${list%)*}
	[ -n "$list" ]
	for f in ${list//,/}; do
		man_text | grep -qE "^\.B $f\$" || { echo "man: no entry for format $f"; false; }
		grep -qE "^- \*\*$f\*\*" "$README" || { echo "README: no entry for format $f"; false; }
	done
	# readers, from `index --help`
	for r in $("$LITDEX_BIN" index --help | sed -n '/--format FMT/,/--no-prune/p' |
		sed -n 2p | tr -d ','); do
		man_text | grep -qE "^\.B $r\$" || { echo "man: no entry for reader $r"; false; }
		grep -qE "^- \*\*$r\*\*" "$README" || { echo "README: no entry for reader $r"; false; }
	done
}

@test "the man page renders without warnings" {
	if ! command -v man >/dev/null || ! command -v groff >/dev/null; then
		skip "man or groff is not installed"
	fi
	run --separate-stderr groff -man -Tutf8 -ww "$MAN"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ] || { echo "$stderr"; false; }
	run --separate-stderr man -l "$MAN"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ] || { echo "$stderr"; false; }
	[[ "$output" == *"EXIT STATUS"* ]]
	[[ "$output" == *"QUERY SYNTAX"* ]]
}

@test "the runnable README examples work on the sample corpus" {
	# Each line of a ```sh block runs, in order, in a scratch folder that
	# sees the repository's corpus/, with LITDEX_DB pointing at a fresh
	# index of it (what `make run` builds); each must exit 0.
	cd "$BATS_TEST_TMPDIR"
	ln -s "$LITDEX_ROOT/corpus" corpus
	export LITDEX_DB="$BATS_TEST_TMPDIR/index.db"
	export PATH="$(dirname "$LITDEX_BIN"):$PATH"
	"$LITDEX_BIN" index --quiet corpus/
	local n=0 line
	while IFS= read -r line; do
		n=$((n + 1))
		run bash -o pipefail -c "$line"
		[ "$status" -eq 0 ] || {
			echo "README example failed with status $status: $line"
			echo "$output"
			false
		}
	done < <(awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on && NF && !/^#/' "$README")
	[ "$n" -ge 20 ]
}

@test "make install puts the binary, man page and completion in place" {
	local root="$BATS_TEST_TMPDIR/root"
	run make -C "$LITDEX_ROOT" --no-print-directory install \
		BUILD="$(dirname "$LITDEX_BIN")" PREFIX=/usr DESTDIR="$root"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ -x "$root/usr/bin/litdex" ]
	cmp "$root/usr/share/man/man1/litdex.1" "$MAN"
	cmp "$root/usr/share/bash-completion/completions/litdex" "$COMPLETION"
	run "$root/usr/bin/litdex" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "litdex "* ]]
	run make -C "$LITDEX_ROOT" --no-print-directory uninstall PREFIX=/usr DESTDIR="$root"
	[ "$status" -eq 0 ]
	[ ! -e "$root/usr/bin/litdex" ]
	[ ! -e "$root/usr/share/man/man1/litdex.1" ]
	[ ! -e "$root/usr/share/bash-completion/completions/litdex" ]
}

# ---- the completion ----------------------------------------------------

# complete WORD...: runs _litdex as bash would with the cursor on the last
# word, and leaves COMPREPLY as one sorted line per item in $output.
complete_words() {
	source "$COMPLETION"
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_litdex
	output=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

@test "completion: commands, and global options before them" {
	complete_words litdex ""
	[ "$output" = "$(commands | sort)" ]
	complete_words litdex s
	[ "$output" = "$(commands | grep '^s' | sort)" ]
	[[ "$output" == *search* ]]
	complete_words litdex --d
	[ "$output" = "--db" ]
	# the value of a global option is not taken for the command
	complete_words litdex --db index.db sea
	[ "$output" = "search" ]
	complete_words litdex --db = index.db sea
	[ "$output" = "search" ]
}

@test "completion: each command's own options" {
	complete_words litdex search --f
	[ "$output" = "$(printf '%s\n' --facet --fields --format)" ]
	complete_words litdex index --
	[ "$output" = "$(printf '%s\n' --db --format --help --no-prune --quiet)" ]
	complete_words litdex check --
	[ "$output" = "$(printf '%s\n' --db --help)" ]
	complete_words litdex --db x.db stats --f
	[ "$output" = "--format" ]
}

@test "completion: --format values depend on the command" {
	complete_words litdex search --format ""
	[ "$output" = "$(printf '%s\n' bibtex csv ids json jsonl ris text trec tsv)" ]
	complete_words litdex show -f j
	[ "$output" = "$(printf '%s\n' json jsonl)" ]
	complete_words litdex index --format ""
	[ "$output" = "$(printf '%s\n' bibtex html jats medline pubmed ris text)" ]
	complete_words litdex stats --format ""
	[ "$output" = "$(printf '%s\n' jsonl text tsv)" ]
	# --format=VALUE, whole or split at '=' as COMP_WORDBREAKS does
	complete_words litdex search --format=bi
	[ "$output" = "--format=bibtex" ]
	complete_words litdex search --format = tr
	[ "$output" = "trec" ]
}

@test "completion: --color, --sort and --facet values" {
	complete_words litdex --color=a
	[ "$output" = "$(printf '%s\n' --color=always --color=auto)" ]
	complete_words litdex search --color = n
	[ "$output" = "never" ]
	complete_words litdex search --sort ""
	[ "$output" = "$(printf '%s\n' date relevance year)" ]
	complete_words litdex search --facet m
	[ "$output" = "mesh" ]
	# free-text values get nothing
	complete_words litdex search --journal ""
	[ -z "$output" ]
}

@test "completion: --fields completes the last name of a comma list" {
	complete_words litdex search --fields pmid,ye
	[ "$output" = "pmid,year" ]
	complete_words litdex show --fields title,journal_
	[ "$output" = "$(printf '%s\n' title,journal_abbrev title,journal_full)" ]
	complete_words litdex search --fields fi
	[ "$output" = "first_author" ]
	complete_words litdex search --fields ""
	[ "$(wc -l <<<"$output")" -eq 19 ]
}

@test "completion: file names for index paths, --db, --queries and --log" {
	cd "$BATS_TEST_TMPDIR"
	mkdir papers
	touch papers/a.xml papers/b.nbib topics.tsv
	complete_words litdex index papers/
	[ "$output" = "$(printf '%s\n' papers/a.xml papers/b.nbib)" ]
	complete_words litdex --db top
	[ "$output" = "topics.tsv" ]
	complete_words litdex search --queries top
	[ "$output" = "topics.tsv" ]
	complete_words litdex search --log pap
	[ "$output" = "papers" ]
}

@test "completion: PubMed tags after '[' in a query word" {
	complete_words litdex search 'review[p'
	[ "$output" = "$(printf '%s\n' 'review[pdat]' 'review[pmid]' 'review[pt]')" ]
	complete_words litdex search 'scaling[tia'
	[ "$output" = "scaling[tiab]" ]
	# inside an open quote readline completes the text after the quote
	complete_words litdex search "'ketamine AND review[p"
	[[ "$output" == *"ketamine AND review[pt]"* ]]
	[[ "$output" != *"'"* ]]
	# a closed tag or a plain word gets nothing
	complete_words litdex search 'review[pt]'
	[ -z "$output" ]
	complete_words litdex search ketam
	[ -z "$output" ]
}
