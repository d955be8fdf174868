#!/usr/bin/env bash
# Scans the running app with tools we did not write: sqlmap (SQL injection) against the public
# respondent form and a few signed-in pages, and wapiti (crawler and injection/XSS/... modules)
# over the signed-in app. Not part of ./test.sh: it takes ~15 minutes and its findings need reading.
#
#   tests/security/scan.sh [report-folder]      (default: /tmp/surveyplatform-scan-<UTC time>)
#   SCAN_SKIP_SQLMAP=1 tests/security/scan.sh   (wapiti only)
#
# Installs sqlmap and wapiti from Debian if missing (as root), builds the app in Release, starts it
# on 127.0.0.1 with a throwaway SQLite database, the demo data and a bootstrap administrator, signs
# in through the real login form (antiforgery token, cookie kept), creates and publishes one open
# survey so the respondent form exists, runs the scans with time limits, and prints a summary.
# Only loopback is ever scanned. See docs/security.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=${1:-/tmp/surveyplatform-scan-$(date -u +%Y%m%dT%H%M%SZ)}
port=${SCAN_PORT:-5593}
base="http://127.0.0.1:$port"
admin_email="scan-admin@example.org"
admin_password="scan password $(date +%s)"
mkdir -p "$out"
work=$(mktemp -d /tmp/surveyplatform-scan-work.XXXXXX)
app_pid=""

cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v sqlmap >/dev/null || need+=(sqlmap)
command -v wapiti >/dev/null || need+=(wapiti)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || { echo "Could not install ${need[*]}"; exit 1; }
fi

echo "Building the app (Release)..."
dotnet build src/SurveyPlatform.Web -c Release -v q -nologo >"$out/build.log" 2>&1 || { echo "Build failed: $out/build.log"; exit 1; }
dll=$(ls src/SurveyPlatform.Web/bin/Release/net*/SurveyPlatform.Web.dll | head -1)

echo "Starting the app on $base (SQLite in $work)..."
(
  cd src/SurveyPlatform.Web &&
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" \
  Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$work/app.db" Database__MigrateOnStartup=true \
  DemoData__Enabled=true DemoData__Responses=60 \
  Bootstrap__AdminEmail="$admin_email" Bootstrap__AdminPassword="$admin_password" \
  Smtp__Host= Smtp__PickupFolder="$work/mail" \
  exec dotnet "$root/$dll"
) >"$out/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 90); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$base/health/ready" >/dev/null || { echo "The app did not start: $out/app.log"; exit 1; }

jar="$work/cookies.txt"
token() { grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }

sign_in() { # a fresh session: sets $cookie (and the cookie jar)
  rm -f "$jar"
  echo "Signing in as $admin_email..."
  local t status
  t=$(curl -s -c "$jar" -b "$jar" "$base/account/login" | token)
  status=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "Input.Email=$admin_email" --data-urlencode "Input.Password=$admin_password" \
    --data-urlencode "__RequestVerificationToken=$t" "$base/account/login")
  case "$status" in
    302*account/login*|200*) echo "Sign-in failed ($status)"; exit 1 ;;
  esac
  cookie=$(awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
}
sign_in

echo "Creating and publishing an open survey for the respondent form..."
t=$(curl -s -b "$jar" -c "$jar" "$base/surveys/new" | token)
edit=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" -c "$jar" --data-urlencode "Input.Title=Scan target" \
  --data-urlencode "Input.Description=Scanned by sqlmap and wapiti" --data-urlencode "__RequestVerificationToken=$t" "$base/surveys/new")
survey=$(echo "$edit" | sed -n 's#.*/surveys/\([0-9a-f-]*\)/edit.*#\1#p')
[ -n "$survey" ] || { echo "Could not create the survey ($edit)"; exit 1; }
for q in "3|city|Where do you work?" "4|age|How old are you?"; do
  IFS='|' read -r type code text <<<"$q"
  t=$(curl -s -b "$jar" -c "$jar" "$base/surveys/$survey/edit" | token)
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Question.Type=$type" --data-urlencode "Question.Code=$code" \
    --data-urlencode "Question.Text=$text" --data-urlencode "__RequestVerificationToken=$t" "$base/surveys/$survey/edit?handler=Add"
done
t=$(curl -s -b "$jar" -c "$jar" "$base/surveys/$survey/edit" | token)
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$t" "$base/surveys/$survey/edit?handler=Publish"
code=$(curl -s -b "$jar" "$base/surveys/$survey" | grep -o 'href="[^"]*/s/[A-Za-z0-9_-]*"' | head -1 | sed 's#.*/s/##;s/"$//')
[ -n "$code" ] || { echo "Could not publish the survey"; exit 1; }
demo=$(curl -s -b "$jar" "$base/surveys" | grep -o '/surveys/[0-9a-f-]\{36\}' | grep -v "$survey" | head -1 | sed 's#/surveys/##')
echo "Respondent form: $base/s/$code; demo survey: $demo"

sqlmap_run() { # name, timeout seconds, sqlmap arguments...
  local name=$1 limit=$2; shift 2
  [ -n "${SCAN_SKIP_SQLMAP:-}" ] && { echo "sqlmap: $name skipped (SCAN_SKIP_SQLMAP)"; return; }
  echo "sqlmap: $name"
  timeout "$limit" sqlmap --batch --level 2 --risk 1 --disable-coloring --output-dir="$out/sqlmap" "$@" >"$out/sqlmap-$name.log" 2>&1
  echo "  exit $? (124 = time limit reached), log $out/sqlmap-$name.log"
}

sqlmap_run respondent-form 360 -u "$base/s/$code" --forms --csrf-token=__RequestVerificationToken
sqlmap_run surveys-list 180 -u "$base/surveys?archived=false" --cookie="$cookie" -p archived
sqlmap_run answers 240 -u "$base/surveys/$demo/results/answers/comment?q=a&p=1" --cookie="$cookie" -p "q,p"
sqlmap_run crosstab 240 -u "$base/surveys/$demo/results/crosstab?rows=data_readiness&columns=segment" --cookie="$cookie" -p "rows,columns"
sqlmap_run create-form 240 -u "$base/surveys/new" --forms --csrf-token=__RequestVerificationToken --cookie="$cookie"

# sqlmap's --forms also posts the layout's sign-out form, and signing out ends the session on the
# server (security stamp), so wapiti gets a fresh one.
sign_in
echo "wapiti: crawling and attacking the signed-in app (at most 8 minutes)..."
# Debian's wapiti 3.0.4 compiles each -x pattern as "...\Z(?ms)", which Python 3.11 refuses ("global
# flags not at the start"); the wrapper puts the flags first and then runs wapiti unchanged.
# "/" answers a redirect, which wapiti 3.0.4 does not follow: give it the pages to start from.
timeout 900 /usr/bin/python3 - -u "$base/" --scope folder -H "Cookie: $cookie" \
  -s "$base/surveys" -s "$base/surveys/$demo" -s "$base/surveys/$demo/results" -s "$base/surveys/$survey/edit" \
  -s "$base/s/$code" -s "$base/admin/users" -s "$base/account/profile" \
  -x "$base/account/logout" -x "$base/admin/hangfire*" \
  --max-scan-time 480 --max-attack-time 90 -d 4 --flush-session --no-bugreport \
  -f json -o "$out/wapiti.json" >"$out/wapiti.log" 2>&1 <<'EOF'
import re, sys
import wapitiCore.net.crawler as crawler
crawler.wildcard_translate = lambda pattern: re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
EOF
echo "  exit $?, log $out/wapiti.log"
still_signed_in=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/account/profile")

echo
echo "=== Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(sqlmap --version 2>/dev/null | head -1 | awk '{print "sqlmap " $1}'), wapiti $(dpkg-query -W -f '${Version}' wapiti 2>/dev/null)) ==="
for log in $(ls "$out"/sqlmap-*.log 2>/dev/null); do
  name=$(basename "$log" .log)
  if grep -q "is vulnerable\|sqlmap identified the following injection point" "$log"; then
    echo "$name: INJECTABLE: $(grep -o "parameter '[^']*' is vulnerable" "$log" | sort -u | tr '\n' ' ')"
  elif grep -q "do not appear to be injectable\|does not seem to be injectable" "$log"; then
    echo "$name: no injection found ($(grep -c "does not seem to be injectable" "$log") parameter(s) tested)"
  else
    echo "$name: inconclusive: $(grep -E "CRITICAL|ERROR" "$log" | tail -1)"
  fi
done
if [ -f "$out/wapiti.json" ]; then
  /usr/bin/python3 - "$out/wapiti.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
print(f"wapiti: crawled {len(report.get('infos', {}).get('crawled_pages', []) or [])} pages" if 'crawled_pages' in report.get('infos', {}) else "wapiti:")
for section in ("vulnerabilities", "anomalies", "additionals"):
    for kind, items in sorted(report.get(section, {}).items()):
        if items:
            print(f"  {section[:-1] if section.endswith('s') else section}: {kind}: {len(items)}")
            for item in items[:5]:
                print(f"    {item.get('method', '')} {item.get('path', '')} {item.get('parameter', '')}: {item.get('info', '')[:160]}")
EOF
else
  echo "wapiti: no report (see $out/wapiti.log)"
fi
echo "Session still signed in after the scans: $([ "$still_signed_in" = 200 ] && echo yes || echo "no ($still_signed_in)")"
echo "500 responses logged by the app: $(grep -c 'Unhandled exception\|fail: Microsoft.AspNetCore.Diagnostics' "$out/app.log")"
echo "Reports: $out"
