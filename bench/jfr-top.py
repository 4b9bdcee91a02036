#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples: self (top of stack) and inclusive.
   bench/jfr-top.py recording.jfr [count]   (uses the JDK's jfr tool from JAVA_HOME or Temurin 25)"""
import collections, os, re, subprocess, sys

java_home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run([java_home + "/bin/jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", sys.argv[1]],
                      capture_output=True, text=True, check=True).stdout
samples, self_counts, inclusive = 0, collections.Counter(), collections.Counter()
for event in text.split("jdk.ExecutionSample")[1:]:
    frames = [re.sub(r"\s+line:.*", "", line.strip()) for line in event.split("stackTrace = [")[1].split("]\n")[0].splitlines()
              if line.strip() and not line.strip().startswith("...")]
    if not frames:
        continue
    samples += 1
    self_counts[frames[0]] += 1
    for frame in set(frames):
        inclusive[frame] += 1
print(f"{samples} samples")
print("\nself:")
for frame, n in self_counts.most_common(count):
    print(f"{100.0 * n / samples:5.1f} %  {frame}")
print("\ninclusive:")
for frame, n in inclusive.most_common(count * 3):
    print(f"{100.0 * n / samples:5.1f} %  {frame}")
