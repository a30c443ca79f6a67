# bash completion for battfarm -- installed as
# share/bash-completion/completions/battfarm.  Commands and each command's
# options come from `battfarm help` itself, so they never go stale.
_battfarm()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local bin=${COMP_WORDS[0]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		local cmds
		cmds=$("$bin" help 2>/dev/null | sed -n 's/^  \([a-z]\{1,\}\)  .*/\1/p')
		COMPREPLY=($(compgen -W "$cmds help --version" -- "$cur"))
		return
	fi
	local cmd=${COMP_WORDS[1]}
	case "$cmd" in
	help)
		COMPREPLY=($(compgen -W "$("$bin" help 2>/dev/null | sed -n 's/^  \([a-z]\{1,\}\)  .*/\1/p')" -- "$cur"))
		return ;;
	esac
	case "$prev" in
	--t-log-from) COMPREPLY=($(compgen -W "cost wall" -- "$cur")); return ;;
	--differs) COMPREPLY=($(compgen -W "none" -- "$cur") $(compgen -f -- "$cur")); return ;;
	-j|--validators|--differ-workers)
		COMPREPLY=($(compgen -W "$(seq 0 "$(nproc 2>/dev/null || echo 4)")" -- "$cur")); return ;;
	--out|--data|-d) COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -- "$cur")); return ;;
	esac
	if [[ "$cur" == -* ]]; then
		local opts
		opts=$("$bin" help "$cmd" 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _battfarm battfarm
