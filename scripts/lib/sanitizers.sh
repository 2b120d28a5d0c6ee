# Sourced by scripts/test: the sanitizer pass. Builds nos with AddressSanitizer and with
# ThreadSanitizer (debug, in .build-asan and .build-tsan: incremental after the first time)
# and runs through them: every golden script and a hostile-file corpus under ASan, the
# multi-threaded workloads under TSan. A sanitizer report anywhere fails the run.
# NOS_SANITIZERS=0 skips the pass (for quick local runs; CI keeps it).

# Runs the ASan binary on one script (from its folder); prints the script when ASan reported.
nos_asan_one() {
  local f="$1" err
  err=$(cd "$(dirname "$f")" && ASAN_OPTIONS=detect_leaks=0 timeout 300 \
    "$NOS_ROOT/.build-asan/debug/nos" "$(basename "$f")" 2>&1 >/dev/null)
  if grep -q "Sanitizer" <<<"$err"; then printf 'ASan: %s\n%s\n' "$f" "$err" | head -40; return 1; fi
  return 0
}
export -f nos_asan_one

nos_sanitizers() {
  local t0 corpus err rc status=0
  t0=$(date +%s)
  nos_log "building nos with AddressSanitizer and ThreadSanitizer (debug)"
  swift build --sanitize=address --build-path .build-asan --product nos >&2
  swift build --sanitize=thread --build-path .build-tsan --product nos >&2
  export NOS_ROOT
  nos_log "AddressSanitizer: golden scripts"
  find Tests/Scripts -name '*.nos' | sort \
    | grep -v -F -f <(grep -v '^#' Tests/Sanitizers/asan-skip.txt | sed 's|^|Tests/Scripts/|') \
    | xargs -P 2 -I{} bash -c 'nos_asan_one "$@"' _ {} || status=1
  nos_log "AddressSanitizer: hostile files"
  corpus=$(mktemp -d)
  python3 Tests/Sanitizers/hostile_corpus.py "$corpus" \
    || { echo "could not write the hostile corpus" >&2; status=1; }
  for f in "$corpus"/*; do
    local code="x = load(\"$f\")"
    case "$f" in
      *.csv) code="x = readcsv(\"$f\")" ;;
      *.nosm) code="x = loadmodel(\"$f\")" ;;
      *.nos) code="run(\"$f\")" ;;
    esac
    rc=0
    err=$(ASAN_OPTIONS=detect_leaks=0 timeout 120 "$NOS_ROOT/.build-asan/debug/nos" -e "$code" \
      2>&1 >/dev/null) || rc=$?
    if grep -q "Sanitizer" <<<"$err" || [ "$rc" -gt 1 ]; then
      printf 'ASan: %s (exit %s)\n%s\n' "$f" "$rc" "$err" | head -40; status=1
    fi
  done
  rm -rf "$corpus"
  nos_log "ThreadSanitizer: multi-threaded workloads"
  rc=0
  err=$(TSAN_OPTIONS="suppressions=$NOS_ROOT/Tests/Sanitizers/tsan.supp" \
    "$NOS_ROOT/.build-tsan/debug/nos" --threads 2 Tests/Sanitizers/threads.nos 2>&1 >/dev/null) \
    || rc=$?
  if [ "$rc" != 0 ] || grep -q "ThreadSanitizer" <<<"$err"; then
    printf 'TSan (exit %s):\n%s\n' "$rc" "$err" | head -80; status=1
  fi
  nos_log "sanitizer pass: $(( $(date +%s) - t0 )) s"
  return $status
}
