#!/bin/sh
# Usage (from the clone root): walk/run.sh walk/real/FILE.jsonl ...
# Needs: mvn -B -q -o package -DskipTests -Dspotless.check.skip=true -pl common,testing,pipeline
#        mvn -B -q -o dependency:build-classpath -pl pipeline -Dmdep.outputFile=/tmp/gcpleft-cp.txt -Dmdep.includeScope=test
set -e
CP="${BASE:-.}/pipeline/target/classes:${BASE:-.}/common/target/classes:$(cat /tmp/gcpleft-cp.txt)"
H=/tmp/gcpleft-h${BASE:+-base}; mkdir -p $H
javac -q -d $H -cp "$CP" walk/Harness.java 2>/dev/null || javac -d $H -cp "$CP" walk/Harness.java
java -cp "$H:$CP" dev.logalerts.templates.Harness "$@"
