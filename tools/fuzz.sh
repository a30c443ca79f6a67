#!/bin/sh
# fuzz.sh -- build the libFuzzer targets (tests/fuzz/) with clang, ASan and
# UBSan, and run each for SECONDS (default 60), seeded from examples/ and,
# when present, ../shared/arc.  Prints a table: target, executions, crashes.
# A crash leaves its input in build-fuzz/crash-<target>-* and fails the run;
# turn it into a regression test (tests/fuzz/regress/<target>/) once fixed:
# every file there is replayed on each run.
#
# usage: tools/fuzz.sh [SECONDS]          (run longer: tools/fuzz.sh 3600)
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-60}
OUT=build-fuzz
mkdir -p "$OUT"
SRC=$(ls src/*/*.c workers/*.c | grep -v '^src/cli/')
VERSION=$(sed -n "s/^ *version : '\(.*\)',\$/\1/p" meson.build)
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DBF_EXAMPLES_DIR=\"examples\" -DBF_VERSION=\"$VERSION\" -Iinclude -Isrc/dsl"
LIBS="-lmd -lz -ljansson -lm"
status=0
printf '%-8s %12s %8s\n' target executions crashes
for t in parser task frame eval; do
	bin=$OUT/fuzz_$t
	# shellcheck disable=SC2086
	clang $CFLAGS -o "$bin" tests/fuzz/fuzz_$t.c $SRC $LIBS
	corpus=$OUT/corpus/$t
	mkdir -p "$corpus"
	case $t in
	parser) cp examples/*.py "$corpus"/ ;;
	task|eval)
		cp examples/tasks/*.json "$corpus"/
		[ -d ../shared/arc/training ] && ls ../shared/arc/training/*.json | head -50 | xargs -I{} cp {} "$corpus"/ || true ;;
	frame) printf '\001\000\000\000\020\000\000\000\000\000\000\000' > "$corpus/seed" ;;
	esac
	if [ -d tests/fuzz/regress/$t ]; then
		"$bin" tests/fuzz/regress/$t/* >/dev/null 2>&1 || { echo "regression input of $t crashes"; status=1; }
	fi
	log=$OUT/fuzz_$t.log
	if "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$OUT/crash-$t-" "$corpus" >"$log" 2>&1; then
		crashes=0
	else
		crashes=1
		status=1
	fi
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
	printf '%-8s %12s %8s\n' "$t" "$execs" "$crashes"
done
exit $status
