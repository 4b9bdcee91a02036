#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples: self (top of stack) and inclusive, and the
   share of samples in each area of the relay.
   bench/jfr-top.py recording.jfr [count]   (uses the JDK's jfr tool from JAVA_HOME or Temurin 25)"""
import collections, os, re, subprocess, sys

AREAS = [  # (area, a frame that marks it); a sample may count in several
    ("requests: Grizzly, Catalina, Jersey, the resources", "HttpServerFilter.handleRead"),
    ("token verification (Payara's MP-JWT, or ours)", "fish.payara.microprofile.jwtauth"),
    ("token verification (Payara's MP-JWT, or ours)", "dev.chatstream.security.control.Callers.of"),
    ("database work (all transactions)", "dev.chatstream.platform.Database"),
    ("  of it, H2 commits", "org.h2.mvstore.MVStore.commit()"),
    ("reading the upstream (Jetty's client, langchain4j, Run.onDelta)", "dev.chatstream.providers.control.UpstreamConnection.onContent"),
    ("reading the upstream (Jetty's client, langchain4j, Run.onDelta)", "org.eclipse.jetty.http2.client"),
    ("reading the upstream (Jetty's client, langchain4j, Run.onDelta)", "org.eclipse.jetty.client.transport.internal.HttpReceiverOverHTTP"),
    ("  of it, Jackson parsing each chunk", "com.fasterxml.jackson.databind.ObjectMapper.readValue"),
    ("writing to readers (Outbox, Jersey's sink, Grizzly)", "dev.chatstream.streaming.control.Outbox.drain()"),
    ("  of it, Jersey's chunked output per event", "org.glassfish.jersey.server.ChunkedOutput.flushQueue()"),
    ("the watchdog (pings, checkpoints, timeouts)", "dev.chatstream.streaming.control.Runs.watch()"),
]

java_home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run([java_home + "/bin/jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", sys.argv[1]],
                      capture_output=True, text=True, check=True).stdout
samples, self_counts, inclusive, areas = 0, collections.Counter(), collections.Counter(), collections.Counter()
for event in text.split("jdk.ExecutionSample")[1:]:
    frames = [re.sub(r"\s+line:.*", "", line.strip()) for line in event.split("stackTrace = [")[1].split("]\n")[0].splitlines()
              if line.strip() and not line.strip().startswith("...")]
    if not frames:
        continue
    samples += 1
    self_counts[frames[0]] += 1
    for frame in set(frames):
        inclusive[frame] += 1
    for area in {name for name, marker in AREAS if any(marker in frame for frame in frames)}:
        areas[area] += 1
print(f"{samples} samples\n\nareas:")
for name in dict.fromkeys(name for name, _ in AREAS):
    print(f"{100.0 * areas[name] / samples:5.1f} %  {name}")
print("\nself:")
for frame, n in self_counts.most_common(count):
    print(f"{100.0 * n / samples:5.1f} %  {frame}")
print("\ninclusive:")
for frame, n in inclusive.most_common(count * 3):
    print(f"{100.0 * n / samples:5.1f} %  {frame}")
