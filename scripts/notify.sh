#!/usr/bin/env bash
# Previews, or with --send delivers, the notifications of alert JSON lines (e.g. the local run's
# out/alerts/) with a notifier config: the same routing, payloads and delivery code as the Cloud
# Run service. Builds the notifier module on first use.
#   scripts/notify.sh --config=FILE --alerts=DIR|FILE [--send] [--dead-letter=FILE]
# Exit codes: 0 all delivered (or previewed), 1 a delivery failed, 2 invalid config or usage.
# NOTIFIER_CLASSPATH, when set, is used as the Java classpath and nothing is built (tests).
set -euo pipefail

main_class=dev.logalerts.notifier.NotifyCli

for arg in "$@"; do
  case "$arg" in
    -h | --help)
      cat <<'USAGE'
Usage: scripts/notify.sh --config=FILE --alerts=DIR|FILE [--send] [--dead-letter=FILE]

  --config=FILE       notifier config (YAML; see docs/notifier.md); ${ENV} values come from the
                      environment (a preview fills in https://unset.invalid/ENV for unset ones)
  --alerts=DIR|FILE   alert JSON lines, e.g. out/alerts/ from scripts/run-local.sh
  --send              post the requests (default: print them only)
  --dead-letter=FILE  append permanently failed messages to FILE as JSON lines (default: print)

Prints, per request, the receiver, the URL with secrets masked, extra headers and the JSON body;
with --send also the response status. Exit 0 ok, 1 a delivery failed, 2 invalid config or usage.
USAGE
      exit 0
      ;;
  esac
done

if [[ -n "${NOTIFIER_CLASSPATH:-}" ]]; then
  exec java -cp "$NOTIFIER_CLASSPATH" "$main_class" "$@"
fi

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_notifier_built
exec java -cp "$(notifier_classpath)" "$main_class" "$@"
