#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what is missing (as root), starts a
# throwaway PostgreSQL and SMTP server on loopback, installs the browser tests' axe-core with
# `npm ci`, runs `dotnet test` over the solution and then `bench/run.sh --quick` (one more check), and
# ends with one line "N passed, N failed".
# Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work=$(mktemp -d /tmp/surveyplatform-test.XXXXXX)
pg_pid=""; smtp_pid=""

cleanup() {
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
  if [ -n "$pg_pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || kill "$pg_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v chromium >/dev/null || need+=(chromium)
python3 -c 'import aiosmtpd' 2>/dev/null || /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v npm >/dev/null || need+=(npm)
command -v jq >/dev/null || need+=(jq)   # bench/run.sh reads the load tool's JSON with it
# Chart PNG downloads draw their text with a system font (Svg.Skia through fontconfig).
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The SPSS and R downloads are checked by running them (DownloadsTests).
command -v pspp >/dev/null || need+=(pspp)
command -v Rscript >/dev/null || need+=(r-base-core)
command -v libreoffice >/dev/null || need+=(libreoffice-calc-nogui)
# The cluster tests put Debian's nginx in front of two app processes; the deploy tests run `nginx -t`.
[ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${need[*]} (run as root to install them)" >&2
  fi
fi

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# PostgreSQL: a throwaway cluster in a temp folder, trust auth on loopback only.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$PG_BIN" ]; then
  pg_port=$(free_port)
  mkdir -p "$work/pg" "$work/pgsock"
  id postgres >/dev/null 2>&1 || useradd -r postgres
  chown -R postgres "$work/pg" "$work/pgsock"; chmod 755 "$work"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
  runuser -u postgres -- "$PG_BIN/postgres" -D "$work/pg" -p "$pg_port" -k "$work/pgsock" -c listen_addresses=127.0.0.1 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 >"$work/pg.log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 50); do
    "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$pg_port" >/dev/null 2>&1 && break; sleep 0.2
  done
  export TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=unused;Database=postgres"
fi

# SMTP: Debian's aiosmtpd writing every message into a Maildir the tests read.
smtp_port=$(free_port)
mkdir -p "$work/maildir/tmp" "$work/maildir/new" "$work/maildir/cur"
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/maildir" >"$work/smtp.log" 2>&1 &
smtp_pid=$!
export TEST_SMTP_HOST=127.0.0.1 TEST_SMTP_PORT=$smtp_port TEST_SMTP_MAILDIR="$work/maildir"
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
# Each in-process test host watches its content files; polling instead of inotify keeps many hosts under the
# kernel's per-user inotify limit (128 by default).
export DOTNET_USE_POLLING_FILE_WATCHER=true
[ "$(id -u)" = 0 ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)" -lt 1024 ] && sysctl -qw fs.inotify.max_user_instances=1024 2>/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# axe-core for the browser tests' accessibility checks, exactly as pinned by the committed package-lock.json.
axe_dir="$root/tests/SurveyPlatform.Browser.Tests/axe"
if ! (cd "$axe_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >"$work/npm.log" 2>&1; then
  echo "npm ci failed in $axe_dir; the accessibility tests will fail:" >&2
  cat "$work/npm.log" >&2
fi
export AXE_PATH="$axe_dir/node_modules/axe-core/axe.min.js"

results="$work/results"
( dotnet test SurveyPlatform.sln --logger "trx" --results-directory "$results" -v q; echo $? >"$work/status" ) 2>&1 \
  | tee "$work/test.log" | grep -vE '^\s*$' | grep -vE 'warn: |info: ' || true
status=$(cat "$work/status" 2>/dev/null || echo 1)

# One pass over the .trx files: each failure with its message (stderr), the ten slowest tests (to keep the whole
# run under its 20 minutes; durations overlap, tests run in parallel), and the counts.
read -r passed failed < <(/usr/bin/python3 - "$work/slowest.txt" "$results"/*.trx <<'PY'
import os, sys, xml.etree.ElementTree as ET
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
passed = failed = 0; rows = []
for path in sys.argv[2:]:
    if not os.path.exists(path): continue   # no .trx at all: the per-project check below counts it
    try: root = ET.parse(path).getroot()
    except Exception as e:
        print(f'unreadable test results {path}: {e}', file=sys.stderr); failed += 1; continue
    for r in root.iter('{%s}UnitTestResult' % ns['t']):
        h, m, s = (r.get('duration') or '0:0:0').split(':')
        rows.append((int(h) * 3600 + int(m) * 60 + float(s), r.get('testName')))
        if r.get('outcome') == 'Failed':
            msg = r.find('.//t:Message', ns); st = r.find('.//t:StackTrace', ns)
            print('FAILED ' + r.get('testName') + '\n' + ((msg.text or '')[:4000] if msg is not None else '') + '\n' + ((st.text or '')[:1000] if st is not None else ''), file=sys.stderr)
    c = root.find('.//t:ResultSummary/t:Counters', ns)
    if c is not None:
        passed += int(c.get('passed', 0)); failed += sum(int(c.get(k, 0)) for k in ('failed', 'error', 'timeout', 'aborted'))
with open(sys.argv[1], 'w') as out:
    if rows:
        print('Slowest tests (s):', file=out)
        for d, name in sorted(rows, reverse=True)[:10]:
            print(f'  {d:7.1f}  {name[:160]}', file=out)
print(passed, failed)
PY
)
passed=${passed:-0}; failed=${failed:-1}
cat "$work/slowest.txt" 2>/dev/null
# A test project that did not build or run prints no summary line ("Passed!  - … - X.Tests.dll"): each one
# missing counts as a failure, and so does any compiler error in the log, whatever dotnet test's exit code says.
for project in $(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj); do
  name=$(basename "$project" .csproj)
  if ! grep -qE "(Passed|Failed)! .* - $name\.dll" "$work/test.log"; then
    echo "$name reported no results (it did not build or its test run failed)." >&2
    failed=$((failed + 1))
  fi
done
if grep -qE ': error [A-Z]+[0-9]+' "$work/test.log"; then
  grep -E ': error [A-Z]+[0-9]+' "$work/test.log" | sort -u >&2
  [ "$failed" -eq 0 ] && failed=1
fi
# The quick benchmark (docs/performance.md): the Release build under respondent load on SQLite and
# PostgreSQL for a few seconds; it fails on any failed request or completion lost, duplicated or changed.
# Counted as one more check; its timings are printed, never asserted.
bench_started=$(date +%s)
if bench/run.sh --quick >"$work/bench.log" 2>&1; then
  passed=$((passed + 1)); echo "bench/run.sh --quick passed in $(( $(date +%s) - bench_started )) s:"; grep -E '^\| (SQLite|PostgreSQL) ' "$work/bench.log" || true
else
  failed=$((failed + 1)); echo "bench/run.sh --quick FAILED:" >&2; tail -n 40 "$work/bench.log" >&2
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a build or runner failure counts
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # running nothing is a failure
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
