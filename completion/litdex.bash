# litdex.bash: bash completion for litdex.
#
# Completes the commands, each command's options, the values of --format,
# --color, --sort, --facet and --fields (a comma list), the reader names
# of `index --format`, file names for index paths, --db, --queries and
# --log, and PubMed field tags after a '[' in a search query word
# ("review[p" -> "review[pt]").  The option lists follow src/cmd_*.c;
# tests/cli/docs.bats checks them against every command's --help.
#
# Install as $(PREFIX)/share/bash-completion/completions/litdex (make
# install does), or source it from ~/.bashrc.  It needs only bash: the
# bash-completion package is not required.

_litdex_commands="index search show similar stats save new check rebuild serve"
_litdex_out_formats="text tsv csv jsonl json ids bibtex ris trec"
_litdex_in_formats="pubmed jats medline ris bibtex html text"
_litdex_fields="rank score key pmid doi pmcid year journal journal_full journal_abbrev title authors first_author abstract keywords mesh pub_types language snippet"
# single-word PubMed tags; the multi-word ones ("mesh terms") are left out
_litdex_tags="ti title ab abstract tiab title/abstract au auth author ta journal jour dp pdat year mh mesh majr ot kw keyword pt la language pmid uid doi aid all tw"

# The options of a command ("" for the global ones).
_litdex_options()
{
	case $1 in
	"") echo "--db --color --colour --help -h --version" ;;
	index) echo "--format --no-prune --quiet -q --db --help" ;;
	search) echo "--journal --year --author --all --any --sort --limit -n --offset" \
		"--format -f --fields --no-header --why --facet --explain --queries --log" \
		"--color --colour --no-pager --db --help" ;;
	show) echo "--format -f --fields --no-header --color --colour --no-pager --db --help" ;;
	similar) echo "--journal --year --author --limit -n --offset --format -f --fields" \
		"--no-header --color --colour --no-pager --db --help" ;;
	stats) echo "--format -f --db --help" ;;
	save) echo "--journal --year --author --any --db --help" ;;
	new) echo "--format -f --limit -n --fields --no-header --color --db --help" ;;
	check | rebuild) echo "--db --help" ;;
	serve) echo "--port --address --db --help" ;;
	esac
}

# Whether option $1 takes the next word as its value.
_litdex_takes_value()
{
	case $1 in
	--db | --format | -f | --fields | --journal | --year | --author | --sort | --limit | -n | \
		--offset | --facet | --queries | --log | --port | --address) return 0 ;;
	esac
	return 1
}

# Sets COMPREPLY to the words of list $1 that start with $2, each
# prefixed by $3.
_litdex_reply()
{
	local w
	COMPREPLY=()
	for w in $1; do
		if [[ $w == "$2"* ]]; then
			COMPREPLY+=("$3$w")
		fi
	done
	return 0
}

# Values of option $1 (for command $2) that start with $3.
_litdex_values()
{
	local opt=$1 cmd=$2 cur=$3
	case $opt in
	--format | -f)
		case $cmd in
		index) _litdex_reply "$_litdex_in_formats" "$cur" ;;
		stats) _litdex_reply "text tsv jsonl" "$cur" ;;
		*) _litdex_reply "$_litdex_out_formats" "$cur" ;;
		esac ;;
	--color | --colour) _litdex_reply "auto always never" "$cur" ;;
	--sort) _litdex_reply "relevance date year" "$cur" ;;
	--facet) _litdex_reply "year journal author mesh" "$cur" ;;
	--fields)
		# complete the last name of a comma list: "pmid,ye" -> "pmid,year"
		local head="" last=$cur
		if [[ $cur == *,* ]]; then
			head=${cur%,*},
			last=${cur##*,}
		fi
		_litdex_reply "$_litdex_fields" "$last" "$head"
		if [ ${#COMPREPLY[@]} -gt 0 ]; then
			compopt -o nospace 2>/dev/null || :
		fi
		;;
	--db | --log) _litdex_files "$cur" ;;
	--queries)
		_litdex_files "$cur"
		if [[ - == "$cur"* ]]; then
			COMPREPLY+=(-)
		fi
		;;
	*) COMPREPLY=() ;;   # free text: --journal, --year, --author, --limit, ...
	esac
	return 0
}

# File and folder names that start with $1.
_litdex_files()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -f -- "$1"))
	compopt -o filenames 2>/dev/null || :
	return 0
}

# A PubMed tag after the last '[' of a query word: "review[p" -> "review[pt]".
# Returns 1 when the word has no open '['.
_litdex_tag()
{
	local word=$1
	# readline completes the text after an opening quote
	case $word in
	\'* | \"*) word=${word:1} ;;
	esac
	[[ $word == *\[* ]] || return 1
	local tail=${word##*\[}
	[[ $tail == *\]* ]] && return 1
	_litdex_reply "$_litdex_tags" "${tail,,}" "${word%\[*}["
	local i
	for i in "${!COMPREPLY[@]}"; do
		COMPREPLY[i]+="]"
	done
	compopt -o nospace 2>/dev/null || :
	return 0
}

_litdex()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=""
	local cmd="" i w
	if [ "$COMP_CWORD" -gt 0 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	COMPREPLY=()

	# Find the command: the first word that is neither an option nor an
	# option's value.  "--db=x" may arrive as "--db" "=" "x".
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -* ]]; then
			if [[ $w != *=* ]] && _litdex_takes_value "$w"; then
				if [[ ${COMP_WORDS[i + 1]} == = ]]; then
					((i += 2))
				else
					((i++))
				fi
			elif [[ ${COMP_WORDS[i + 1]} == = ]]; then
				((i += 2))
			fi
			continue
		fi
		cmd=$w
		break
	done

	# an option's value: "--format tsv", "--format=tsv", "--format" "=" "tsv"
	if [[ $cur == -*=* ]]; then
		local opt=${cur%%=*}
		_litdex_values "$opt" "$cmd" "${cur#*=}"
		local j
		for j in "${!COMPREPLY[@]}"; do
			COMPREPLY[j]="$opt=${COMPREPLY[j]}"
		done
		return 0
	fi
	if [[ $cur == = ]] && [[ $prev == -* ]]; then
		_litdex_values "$prev" "$cmd" ""
		return 0
	fi
	if [[ $prev == = ]] && [ "$COMP_CWORD" -gt 1 ]; then
		_litdex_values "${COMP_WORDS[COMP_CWORD - 2]}" "$cmd" "$cur"
		return 0
	fi
	if [[ $prev == -* ]] && _litdex_takes_value "$prev"; then
		_litdex_values "$prev" "$cmd" "$cur"
		return 0
	fi

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			_litdex_reply "$(_litdex_options "")" "$cur"
		else
			_litdex_reply "$_litdex_commands" "$cur"
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		_litdex_reply "$(_litdex_options "$cmd")" "$cur"
		return 0
	fi
	case $cmd in
	index) _litdex_files "$cur" ;;
	search | save) _litdex_tag "$cur" || : ;;
	esac
	return 0
}

complete -F _litdex litdex
