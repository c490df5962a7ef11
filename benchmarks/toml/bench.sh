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

pyver=$(get "$python" python.version)
rtomlver=$(get "$python" rtoml.version)

ratio() { python3 -c "import sys; a, b = sys.argv[1:]; print(f'{float(a) / float(b):.1f}x' if b not in ('n/a', '0', '') else 'n/a')" "$1" "$2"; }
mb() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.2f} MB')" "$1"; }
x() { python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}x' if int(sys.argv[1]) else 'n/a')" "$1" "$bytes"; }
row() { printf '%-36s %9s %13s %13s %12s\n' "$@"; }

echo
echo "TOML parse benchmark: $file ($(mb "$bytes"), 10000 jobs); MB/s of CPU time, median of $runs runs"
row "parser" "MB/s" "our parse" "our parse" "document"
row "" "" "is faster by" "+decode by" "memory/file"
row "ours: parse (index; values lazy)" "$parse" "-" "-" "$(x "$doc")"
row "ours: parse + decode every value" "$walk" "-" "-" "-"
row "Python $pyver tomllib (dicts)" "$tomllib" "$(ratio "$parse" "$tomllib")" "$(ratio "$walk" "$tomllib")" "$(x "$tomllib_doc")"
row "rtoml ${rtomlver:-?} (Rust, dicts)" "$rtoml" "$(ratio "$parse" "$rtoml")" "$(ratio "$walk" "$rtoml")" "$(x "${rtoml_doc:-0}")"
echo
echo "Our parsed document: $(mb "$doc") = $(x "$doc") the file: the source text (1.00x) plus a 16-byte node per key or"
echo "element; values are decoded when read. Python figures are what tracemalloc sees for the loaded dict."
echo "Peak RSS of one run (read file, parse, decode every value): $((rss / 1024)) MB."
echo "Load average while running: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
