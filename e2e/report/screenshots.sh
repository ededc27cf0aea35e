#!/usr/bin/env bash
# Screenshots of report sections for a person to look at (issue 17): renders each named section
# of a run's report.html alone in headless Chromium and writes e2e/report/screenshots/<id>.png.
# Usage: e2e/report/screenshots.sh RUN_DIR [section ids…] (default: status criteria markedly goals)
set -euo pipefail
run="${1:?usage: $0 RUN_DIR [section ids...]}"; shift || true
sections=("${@:-status criteria markedly goals}")
chromium="${BYDEL_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}"
out="$(dirname "$0")/screenshots"; mkdir -p "$out"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for id in ${sections[@]}; do
  python3 - "$run/published/report.html" "$id" > "$tmp/$id.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
head = html[: html.index("<main>") + 6]
m = re.search(r'<section id="%s">.*?</section>' % re.escape(sys.argv[2]), html, re.S)
print(head + (m.group(0) if m else "") + "</main></body></html>")
PY
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1500 \
    --screenshot="$out/$id.png" "file://$tmp/$id.html" >/dev/null 2>&1
  echo "wrote $out/$id.png"
done
