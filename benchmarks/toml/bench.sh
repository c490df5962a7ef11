#!/usr/bin/env bash
# TOML parser benchmark: our parser vs Python's tomllib and rtoml on a generated 10,000-job scheduler.toml.
#   benchmarks/toml/bench.sh [RUNS]        (default 20; SCRATCH=.build-xyz to pick the build directory)
# Needs python3 (3.11+ for tomllib); installs rtoml with pip if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-20}"
scratch="${SCRATCH:-.build-bench}"
file=benchmarks/out/scheduler.toml

swift build -c release --scratch-path "$scratch" --product toml-test-decoder >&2
python3 benchmarks/toml/gen-config.py --out "$file" >&2
python3 -c 'import rtoml' 2>/dev/null || pip install --quiet rtoml >&2 || echo "rtoml not available" >&2

ours=$("$scratch/release/toml-test-decoder" --bench "$runs" "$file")
single=$("$scratch/release/toml-test-decoder" --bench 1 "$file")
python=$(python3 benchmarks/toml/bench_python.py "$file" "$runs")
get() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }

bytes=$(get "$ours" file_bytes)
parse=$(get "$ours" parse_mb_s)
walk=$(get "$ours" parse_walk_mb_s)
doc=$(get "$ours" doc_bytes)
rss=$(get "$single" peak_rss_kb)
tomllib=$(get "$python" tomllib.mb_s)
rtoml=$(get "$python" rtoml.mb_s)
tomllib_doc=$(get "$python" tomllib.doc_bytes)
rtoml_doc=$(get "$python" rtoml.doc_bytes)

ratio() { python3 -c "import sys; a, b = sys.argv[1:]; print(f'{float(a) / float(b):.2f}x' if b not in ('n/a', '0') else 'n/a')" "$1" "$2"; }
mb() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.2f} MB')" "$1"; }
x() { python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}x')" "$1" "$bytes"; }

echo
echo "TOML parse benchmark: $file ($(mb "$bytes"), 10000 jobs), median of $runs runs"
printf '%-34s %10s %14s %14s\n' "parser" "MB/s" "ours÷this" "doc memory"
printf '%-34s %10s %14s %14s\n' "ours: parse (index, lazy values)" "$parse" "1.00x" "$(x "$doc")"
printf '%-34s %10s %14s %14s\n' "ours: parse + decode every value" "$walk" "$(ratio "$walk" "$walk")" "-"
printf '%-34s %10s %14s %14s\n' "Python tomllib (full objects)" "$tomllib" "$(ratio "$parse" "$tomllib")" "$(x "$tomllib_doc")"
printf '%-34s %10s %14s %14s\n' "rtoml 0.x (Rust, full objects)" "$rtoml" "$(ratio "$parse" "$rtoml")" "$(x "${rtoml_doc:-0}")"
echo
echo "ours÷this compares our parse speed; parse + decode vs tomllib: $(ratio "$walk" "$tomllib"), vs rtoml: $(ratio "$walk" "$rtoml")"
echo "our parsed document: $(mb "$doc") = $(x "$doc") the file (source text 1.00x + index $(python3 -c "print(f'{($doc - $bytes) / $bytes:.2f}x')"))"
echo "peak RSS of one parse (file read + parse + decode): $((rss / 1024)) MB"
echo "Python doc memory is what tracemalloc sees for the loaded dict (not the interpreter)."
