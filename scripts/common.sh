# shellcheck shell=bash
# Shared helpers for the GCP scripts: --dry-run handling and idempotent "create if missing".
# Sourced, not executed.

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DRY_RUN=0

# Prints a command exactly as it would run, single-quoting arguments that need it.
print_cmd() {
  local out="" arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./:=@,%+-]+$ ]]; then
      out+="$arg "
    else
      out+="'${arg//\'/\'\\\'\'}' "
    fi
  done
  printf '%s\n' "${out% }"
}

# Runs a command, or prints it with --dry-run.
run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    print_cmd "$@"
  else
    print_cmd "$@" >&2
    "$@"
  fi
}

# True when the resource exists. With --dry-run nothing is queried and everything counts as
# missing, so the output lists every command a first run would execute.
exists() {
  if [[ "$DRY_RUN" == 1 ]]; then
    return 1
  fi
  query "$*" "$@"
}

# Runs a describe-like command, its output in QUERY_OUT. Returns 0 when the resource exists, 1
# when gcloud or bq says it does not; any other failure (credentials, permission, a wrong project)
# ends the script: "missing" (create it) or "gone" must not be concluded from a check that could
# not look. QUERY_STOPPED, when set, says what the stop leaves ("nothing was deleted").
QUERY_OUT=""
QUERY_STOPPED=""
query() { # query WHAT COMMAND...
  local what="$1" rc=0 said err
  shift
  err="$(mktemp)"
  QUERY_OUT="$("$@" 2>"$err")" || rc=$?
  said="$(cat "$err")"$'\n'"$QUERY_OUT"
  rm -f "$err"
  if ((rc == 0)); then
    return 0
  fi
  if grep -qiE 'not[ _]?found|404|does not exist' <<<"$said"; then
    return 1
  fi
  die "cannot check $what (exit $rc): $(grep -m1 . <<<"$said" || echo 'no output')${QUERY_STOPPED:+; $QUERY_STOPPED}"
}

require_env() {
  local name
  for name in "$@"; do
    if [[ -z "${!name:-}" ]]; then
      echo "error: $name must be set (see --help)" >&2
      exit 2
    fi
  done
}

# A gcloud habit (--project=demo, --region us-central1): these scripts read their settings from
# the environment, so an option naming a variable the script's help lists is answered with the
# variable, in one error line.
env_setting_hint() {
  local arg="$1" name value var
  [[ "$arg" == --?* ]] || return 0
  name="${arg#--}"
  name="${name%%=*}"
  value=""
  [[ "$arg" == *=* ]] && value="${arg#*=}"
  # --job-name, --jobName, --JOB_NAME → JOB_NAME
  var="$(sed -E 's/([a-z0-9])([A-Z])/\1_\2/g; s/-/_/g' <<<"$name" | tr '[:lower:]' '[:upper:]')"
  if [[ "$var" == PROJECT ]]; then
    var=PROJECT_ID
  fi
  if usage | grep -qw -- "$var"; then
    echo "error: --$name is not an option: set it in the environment," \
      "$var=${value:-VALUE} scripts/$(basename "$0") (see --help)" >&2
    exit 2
  fi
}

# Parses the flags every script accepts; sets DRY_RUN, calls usage on --help.
parse_common_flags() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --dry-run) DRY_RUN=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        env_setting_hint "$arg"
        reject_argument "$arg" --dry-run --help
        ;;
    esac
  done
  # Without gcloud every command would fail with "gcloud: command not found" (exit 127), and
  # teardown's existence checks would all say "gone" and report success having removed nothing.
  if [[ "$DRY_RUN" != 1 ]] && ! command -v gcloud >/dev/null 2>&1; then
    echo "error: gcloud not found on PATH (install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install; or use --dry-run)" >&2
    exit 2
  fi
}

# The label setup-gcp.sh puts on what it creates (the bucket, topics, subscriptions, dataset and
# repository; the sink and the service account, which take no labels, carry it in their
# description); teardown-gcp.sh deletes only what carries it.
# shellcheck disable=SC2034  # used by setup-gcp.sh and teardown-gcp.sh
OWNER_LABEL_KEY=app
# shellcheck disable=SC2034
OWNER_LABEL_VALUE="log-alerts"
# shellcheck disable=SC2034
OWNER_DESCRIPTION="log-alerts (app=log-alerts): created by scripts/setup-gcp.sh"

# Names of the GCP resources (the same in every script; each can be overridden by the environment
# variable of the same name). Call after require_env PROJECT_ID.
# shellcheck disable=SC2034  # the variables are used by the scripts that call this
resource_names() {
  BUCKET="${BUCKET:-${PROJECT_ID}-logalerts}"
  LOG_TOPIC="${LOG_TOPIC:-logalerts-logs}"
  LOG_SUBSCRIPTION="${LOG_SUBSCRIPTION:-logalerts-logs-sub}"
  ALERT_TOPIC="${ALERT_TOPIC:-logalerts-alerts}"
  ALERT_SUBSCRIPTION="${ALERT_SUBSCRIPTION:-logalerts-alerts-sub}"
  SINK_NAME="${SINK_NAME:-logalerts-sink}"
  DATASET="${DATASET:-logalerts}"
  AR_REPO="${AR_REPO:-logalerts}"
  SERVICE_ACCOUNT="${SERVICE_ACCOUNT:-logalerts-worker}"
  # An account ID is an account of this project; a full address (an account of another project,
  # e.g. a central service-account project) is used as it is, and setup does not create it.
  if [[ "$SERVICE_ACCOUNT" == *@* ]]; then
    SA_EMAIL="$SERVICE_ACCOUNT"
    SA_IN_PROJECT=0
  else
    SA_EMAIL="${SERVICE_ACCOUNT}@${PROJECT_ID}.iam.gserviceaccount.com"
    SA_IN_PROJECT=1
  fi
}
