#!/bin/bash
# Usage: walk/row.sh pipeline/src/test/resources/families/DIR/FIXTURE.json...  prints expected.tsv rows.
exec "$(dirname "$0")/run.sh" -row "$@"
