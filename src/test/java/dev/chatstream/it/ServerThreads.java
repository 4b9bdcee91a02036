package dev.chatstream.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of the test servers (Payara Micro, WildFly) running on this machine, taken when a
 * test times out waiting on the server: what the server's threads were doing is what a log
 * cannot say. Each dump goes to {@code target/thread-dump-<pid>-<millis>.txt}; .ci/run prints the
 * application's threads from them when the build fails.
 */
final class ServerThreads {

    private ServerThreads() {
    }

    /** Dumps every test server's threads; returns the files written (none when jcmd is missing or refused). */
    static List<Path> dump() {
        var written = new ArrayList<Path>();
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().filter(ServerThreads::isServer).isPresent())
                .forEach(process -> dump(process).ifPresent(written::add));
        return written;
    }

    private static boolean isServer(String commandLine) {
        return commandLine.contains("payara-micro") || commandLine.contains("jboss-modules");
    }

    private static Optional<Path> dump(ProcessHandle process) {
        // the target's own JDK: its attach protocol is the one it answers
        Path jcmd = process.info().command().map(java -> Path.of(java).resolveSibling("jcmd")).orElse(Path.of("jcmd"));
        Path file = Path.of(System.getProperty("java.io.tmpdir", "target"),
                "thread-dump-" + process.pid() + "-" + System.currentTimeMillis() + ".txt");
        try {
            var jcmdProcess = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!jcmdProcess.waitFor(30, TimeUnit.SECONDS)) {
                jcmdProcess.destroyForcibly();
            }
            return Files.size(file) > 0 ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
