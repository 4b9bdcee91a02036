#!/usr/bin/env bash
# The streaming benchmark (issue 2): builds the WAR, starts Payara Micro and a fake upstream,
# prints the figures. Needs Java 21+ (virtual threads in the fake upstream); uses Temurin 25
# when it is installed. Arguments: levels (default 1,100,1000) and the idle ramp's target
# (default 9000; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -ntp package -DskipTests
ulimit -n "$(ulimit -Hn)" || true
exec "$JAVA_HOME/bin/java" -Xmx2g -cp target/classes bench/StreamBench.java "$@"
