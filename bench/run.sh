#!/usr/bin/env bash
# The streaming benchmark: builds the WAR, starts Payara Micro and a fake upstream, prints the
# figures. Needs Java 21+ (virtual threads in the fake upstream); uses Temurin 25 when it is
# installed.
#   bench/run.sh [levels] [ramp]    relay figures (default 1,100,1000) and the idle-stream ramp
#                                   (default 9000 streams; 0 skips it)
#   bench/run.sh lifecycle [storm]  cancel-to-upstream-closed times and a storm of vanishing
#                                   clients (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -ntp package -DskipTests   # compiles the tests' fake upstream too
ulimit -n "$(ulimit -Hn)" || true
# the lifecycle figures reuse the tests' fake upstream (target/test-classes) and its Jackson
mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" bench/StreamBench.java "$@"
