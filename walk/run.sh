#!/bin/sh
# Runs LogEntry JSON lines through the job's parse + noisy-log template path.
# Usage: walk/run.sh FILE.jsonl...   (after the compile of common,testing,pipeline;
# classpath from: mvn -B -q -o dependency:build-classpath -pl pipeline -Dmdep.outputFile=/tmp/reallogs2-cp.txt -Dmdep.includeScope=test)
cd "$(dirname "$0")/.." || exit 1
CP=pipeline/target/classes:pipeline/target/test-classes:$(cat /tmp/reallogs2-cp.txt)
mkdir -p walk/classes
javac -d walk/classes -cp "$CP" walk/Harness.java 2>&1 | grep -v '^Note' 
exec java -cp "walk/classes:$CP" dev.logalerts.templates.Harness "$@"
