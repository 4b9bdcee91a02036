import com.sun.net.httpserver.HttpServer;
import dev.chatstream.security.control.DevSigningKey;
import dev.chatstream.security.control.JwtSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streaming benchmark of issue 2. Starts a fake OpenAI upstream (tokens stamped with their
 * send time) and chatstream on Payara Micro, then streams N concurrent answers through the server
 * and, as the floor, straight from the upstream. Prints added TTFT, added per-token latency,
 * tokens/s per stream, server CPU per 1,000 tokens, and the idle-stream ramp (streams held,
 * memory and threads per stream).
 *
 * Run: bench/run.sh [levels] [rampTarget]   (Java 21+ for virtual threads in the fake upstream)
 */
public class StreamBench {

    static final Pattern STAMP = Pattern.compile("\"content\":\"s(\\d+) \"");
    static final int TOKENS = Integer.getInteger("tokens", 200);
    static final int INTERVAL_MS = Integer.getInteger("interval", 20);

    static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(30)).build();
    static int upstreamPort;
    static int serverPort;
    static String token;
    static long serverPid;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("rag")) {
            rag();
            return;
        }
        if (args.length > 0 && args[0].equals("soak")) {
            soak(args.length > 1 ? Integer.parseInt(args[1]) : 50_000, args.length > 2 ? Integer.parseInt(args[2]) : 200,
                    args.length > 3 ? Integer.parseInt(args[3]) : 600);
            return;
        }
        if (args.length > 0 && args[0].equals("requests")) {
            requests(args.length > 1 ? Integer.parseInt(args[1]) : 2000);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("lifecycle")) {
            lifecycle(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
            return;
        }
        List<Integer> levels = new ArrayList<>();
        for (String level : (args.length > 0 ? args[0] : "1,100,1000").split(",")) {
            levels.add(Integer.parseInt(level));
        }
        int rampTarget = args.length > 1 ? Integer.parseInt(args[1]) : 9000;
        startUpstream();
        // -Dwars=a.war,b.war: the same levels against each WAR, back to back in this run
        for (String war : System.getProperty("wars", "target/chatstream.war").split(",")) {
            relay(war, levels, rampTarget);
        }
        System.exit(0);
    }

    /** The relay figures of one WAR: every level through the server, each beside its floor. */
    static void relay(String war, List<Integer> levels, int rampTarget) throws Exception {
        System.setProperty("server.war", war);
        var server = startServer();
        try {
            System.out.printf("%s: tokens %d every %d ms, new streams at %d/s, server pid %d%s%n%n", war, TOKENS, INTERVAL_MS,
                    START_RATE, serverPid, PIN ? " (server on core 0, load generator and upstream on core 1)" : "");
            warmUp();
            long idleBefore = cpuMillis();
            Thread.sleep(5000);
            double idlePerSecond = (cpuMillis() - idleBefore) / 5.0;
            System.out.printf("server idle CPU: %.1f ms/s (subtracted below as 'net')%n%n", idlePerSecond);
            String jfr = System.getProperty("jfr");
            if (jfr != null) {
                jcmd("JFR.start", "name=relay", "settings=" + System.getProperty("jfr.settings", "profile"), "filename=" + Path.of(jfr + "-" + (++recordings) + ".jfr").toAbsolutePath());
            }
            System.out.println("| streams | failed | thread set-up p50 / p99 ms | added TTFT p50 / p99 ms | added per-token p50 / p99 ms "
                    + "| tokens/s per stream min / p50 | server CPU ms per 1,000 tokens (raw / net) | GC ms | floor TTFT p50 / p99 ms "
                    + "| floor per-token p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int n : levels) {
                var floor = run(n, true);
                long cpuBefore = cpuMillis();
                long gcBefore = gcMillis();
                long wallBefore = System.nanoTime();
                var through = run(n, false);
                long cpu = cpuMillis() - cpuBefore;
                double seconds = (System.nanoTime() - wallBefore) / 1e9;
                double perThousand = cpu * 1000.0 / Math.max(1, through.tokens);
                double netPerThousand = (cpu - idlePerSecond * seconds) * 1000.0 / Math.max(1, through.tokens);
                System.out.printf("| %d | %d | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.1f / %.1f | %.1f / %.1f | %d | %.1f / %.1f | %.2f |%n",
                        n, through.failures, pct(through.setup, 50), pct(through.setup, 99),
                        pct(through.ttft, 50) - pct(floor.ttft, 50), pct(through.ttft, 99) - pct(floor.ttft, 99),
                        pct(through.perToken, 50) - pct(floor.perToken, 50), pct(through.perToken, 99) - pct(floor.perToken, 99),
                        min(through.rates), pct(through.rates, 50), perThousand, netPerThousand, gcMillis() - gcBefore,
                        pct(floor.ttft, 50), pct(floor.ttft, 99), pct(floor.perToken, 99));
                if (floor.failures > 0) {
                    System.out.printf("  floor failures: %d%n", floor.failures);
                }
            }
            if (jfr != null) {
                jcmd("JFR.stop", "name=relay");
            }
            if (rampTarget > 0) {
                ramp(rampTarget);
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println();
    }

    /**
     * The server's CPU per request, one request at a time after a warm-up: the container's own
     * (a health check), an authenticated JAX-RS read, and a thread's creation (one commit), the
     * first of a stream's two requests. What a stream's set-up costs before any answer.
     */
    static void requests(int count) throws Exception {
        startUpstream();
        var server = startServer();
        try {
            var base = "http://127.0.0.1:" + serverPort;
            var kinds = new java.util.LinkedHashMap<String, HttpRequest>();
            kinds.put("GET /health/live (Payara's MicroProfile Health, no JAX-RS)", HttpRequest.newBuilder(URI.create(base + "/health/live")).build());
            kinds.put("GET /api/workflows (JAX-RS, bearer token, JSON)", HttpRequest.newBuilder(URI.create(base + "/api/workflows"))
                    .header("Authorization", "Bearer " + token).build());
            kinds.put("POST /api/chat/threads (JAX-RS, bearer token, one insert and commit)", HttpRequest.newBuilder(URI.create(base + "/api/chat/threads"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token).build());
            System.out.printf("%nServer CPU per request, %d requests of each kind one after another, keep-alive:%n", count);
            System.out.println("| request | server CPU ms per request | wall p50 / p99 ms |");
            System.out.println("|---|---|---|");
            for (var kind : kinds.entrySet()) {
                for (int i = 0; i < count; i++) { // warm-up
                    client.send(kind.getValue(), HttpResponse.BodyHandlers.discarding());
                }
                var wall = new ArrayList<Double>();
                long cpuBefore = cpuMillis();
                for (int i = 0; i < count; i++) {
                    long started = System.nanoTime();
                    var response = client.send(kind.getValue(), HttpResponse.BodyHandlers.discarding());
                    wall.add((System.nanoTime() - started) / 1e6);
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException(kind.getKey() + ": " + response.statusCode());
                    }
                }
                System.out.printf("| %s | %.3f | %.2f / %.2f |%n", kind.getKey(), (cpuMillis() - cpuBefore) / (double) count,
                        pct(wall, 50), pct(wall, 99));
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** -Djfr=prefix: the levels of the n-th WAR are recorded to prefix-n.jfr (-Djfr.settings: a .jfc, else "profile"). */
    static int recordings;

    /** New streams per second: each one creates its thread and then streams its answer. */
    static final int START_RATE = Integer.getInteger("rate", 500);
    /** One stream alone is one sample, as noisy as the host: it runs this many times, one after another. */
    static final int SINGLE_REPEATS = Integer.getInteger("single.repeats", 10);
    static final boolean PIN = Boolean.getBoolean("pin");
    static final java.util.concurrent.ScheduledExecutorService STARTER = Executors.newSingleThreadScheduledExecutor();

    /**
     * One level: n clients, each with its own token, started {@link #START_RATE} a second; each
     * creates a thread and streams one answer through the server, or (the floor) reads the upstream
     * directly.
     */
    static Result run(int n, boolean direct) throws Exception {
        var result = new Result();
        for (int round = 0; round < (n == 1 ? SINGLE_REPEATS : 1); round++) {
            run(result, n, direct);
        }
        return result;
    }

    private static void run(Result result, int n, boolean direct) throws Exception {
        var tokens = new ArrayList<String>();
        for (int i = 0; !direct && i < n; i++) {
            tokens.add(clientToken("bench-" + UUID.randomUUID()));
        }
        var done = new CountDownLatch(n);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / START_RATE;
        for (int i = 0; i < n; i++) {
            String content = "bench " + UUID.randomUUID() + " tokens=" + TOKENS + " interval=" + INTERVAL_MS;
            String bearer = direct ? null : tokens.get(i);
            STARTER.schedule(() -> startStream(result, done, content, bearer), i * periodNanos, TimeUnit.NANOSECONDS);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            System.out.println("  timed out waiting for streams");
        }
    }

    private static void startStream(Result result, CountDownLatch done, String content, String bearer) {
        var reader = new StreamReader(result, done);
        if (bearer == null) {
            stream(upstreamClient, reader, HttpRequest.newBuilder(URI.create(upstreamBase() + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}"))
                    .header("Content-Type", "application/json").build());
            return;
        }
        long setupStart = System.nanoTime();
        client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/chat/threads"))
                        .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((created, error) -> {
            Matcher id = error == null ? THREAD_ID.matcher(created.body()) : null;
            if (error != null || created.statusCode() != 201 || !id.find()) {
                reader.fail();
                return;
            }
            result.setup.add((System.nanoTime() - setupStart) / 1e6);
            stream(client, reader, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/chat/threads/" + id.group(1) + "/messages/stream"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer).build());
        });
    }

    private static void stream(HttpClient via, StreamReader reader, HttpRequest request) {
        reader.sentNanos = System.nanoTime();
        via.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(reader)).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 200) {
                reader.fail();
            }
        });
    }

    static final Pattern THREAD_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    static final class Result {
        final ConcurrentLinkedQueue<Double> ttft = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Double> perToken = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Double> rates = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Double> setup = new ConcurrentLinkedQueue<>();
        volatile long tokens;
        volatile int failures;
    }

    /** Reads one stream line by line, timing each stamped token as it arrives. */
    static final class StreamReader implements Flow.Subscriber<String> {
        final Result result;
        final CountDownLatch done;
        long sentNanos;
        long firstNanos;
        long lastNanos;
        int count;
        boolean ended;
        final List<Double> latencies = new ArrayList<>();

        StreamReader(Result result, CountDownLatch done) {
            this.result = result;
            this.done = done;
        }

        public void onSubscribe(Flow.Subscription subscription) { subscription.request(Long.MAX_VALUE); }

        public void onNext(String line) {
            long now = System.nanoTime();
            Matcher matcher = STAMP.matcher(line);
            if (line.startsWith("data:") && matcher.find()) {
                if (count == 0) {
                    firstNanos = now;
                }
                lastNanos = now;
                count++;
                latencies.add((now - Long.parseLong(matcher.group(1))) / 1e6);
            }
        }

        public void onError(Throwable throwable) { fail(); }

        public void onComplete() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            if (count < TOKENS) {
                synchronized (result) { result.failures++; }
            } else {
                result.ttft.add((firstNanos - sentNanos) / 1e6);
                result.perToken.addAll(latencies);
                result.rates.add((count - 1) / ((lastNanos - firstNanos) / 1e9));
                synchronized (result) { result.tokens += count; }
            }
            done.countDown();
        }

        void fail() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            synchronized (result) { result.failures++; }
            done.countDown();
        }
    }

    /**
     * Well-behaved traffic for a long time: {@code total} answers of 200 tokens, {@code concurrency}
     * at a time, on the default heap of mvn -Prun (1 GiB) with runs retained for
     * {@code retention} seconds. Prints the live heap after a full GC every 5,000 answers, then
     * once the retention has passed: flat means a finished run costs only what is retained, and
     * the difference divided by the runs retained is the heap per retained run.
     */
    static void soak(int total, int concurrency, int retention) throws Exception {
        System.setProperty("server.heap", System.getProperty("server.heap", "-Xmx1g"));
        System.setProperty("server.jvm", "-DCHAT_RUN_RETENTION_SECONDS=" + retention);
        startUpstream();
        var server = startServer();
        try {
            warmUp();
            System.out.printf("soak: %d answers of %d tokens, %d at a time, retention %d s; server pid %d%n", total, TOKENS,
                    concurrency, retention, serverPid);
            System.out.printf("| answers | seconds | answers/s | failed | live heap after full GC MiB |%n|---|---|---|---|---|%n");
            long start = System.nanoTime();
            long baseline = liveHeapMiB();
            System.out.printf("| 0 | 0 | – | 0 | %d |%n", baseline);
            int done = 0;
            int failed = 0;
            while (done < total) {
                int batch = Math.min(5_000, total - done);
                for (int sent = 0; sent < batch; sent += concurrency) {
                    var result = run(Math.min(concurrency, batch - sent), false);
                    failed += result.failures;
                }
                done += batch;
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("| %d | %.0f | %.1f | %d | %d |%n", done, seconds, done / seconds, failed, liveHeapMiB());
            }
            long retained = liveHeapMiB();
            double seconds = (System.nanoTime() - start) / 1e9;
            long retainedRuns = Math.round(Math.min(done, done / seconds * retention));
            Thread.sleep(TimeUnit.SECONDS.toMillis(retention + 5));
            long after = liveHeapMiB();
            System.out.printf("%nafter the retention window: %d MiB live (%d MiB with about %d runs retained):"
                    + " %.1f KiB per retained run%n", after, retained, retainedRuns,
                    (retained - after) * 1024.0 / Math.max(1, retainedRuns));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** A diagnostic command to the server's JVM: -Djfr=target/relay profiles the levels after the warm-up. */
    static void jcmd(String... command) throws Exception {
        var arguments = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(serverPid)));
        arguments.addAll(List.of(command));
        new ProcessBuilder(arguments).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** The server's heap in use right after a full collection, from jcmd. */
    static long liveHeapMiB() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(serverPid), "GC.run").redirectErrorStream(true).start().waitFor();
        var info = new ProcessBuilder(jcmd, String.valueOf(serverPid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        Matcher used = Pattern.compile("used (\\d+)K").matcher(text);
        return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
    }

    /** Live bytes by class (a full GC first), from the server's class histogram. */
    static Map<String, Long> liveBytesByClass() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var histogram = new ProcessBuilder(jcmd, String.valueOf(serverPid), "GC.class_histogram").redirectErrorStream(true).start();
        var bytes = new java.util.HashMap<String, Long>();
        Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)").matcher(
                new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        histogram.waitFor();
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return bytes;
    }

    /** Where the live heap per held stream goes: the classes that grew most between two histograms. */
    static void printHeapPerStream(Map<String, Long> before, Map<String, Long> after, int streams) {
        System.out.printf("%nLive heap per held stream by class (the largest growths of %d streams; KiB per stream):%n", streams);
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("  %6.2f  %s%n", e.getValue() / 1024.0 / streams, e.getKey()));
    }

    /** Milliseconds between the ramp's tokens (-Dramp.interval): idle-ish streams, as a chat waiting on a slow model. */
    static final int RAMP_INTERVAL_MS = Integer.getInteger("ramp.interval", 1000);

    /** Long idle-ish streams (a token every RAMP_INTERVAL_MS) opened in steps until one fails or the target is held. */
    static void ramp(int target) throws Exception {
        System.out.println();
        System.out.printf("Idle-stream ramp (a token every %d ms each; upstream %s):%n", RAMP_INTERVAL_MS, H2 ? "HTTP/2 over TLS" : "HTTP/1.1");
        System.out.println("| streams open | server RSS MiB | live heap MiB (after a full GC) | server threads | server open files "
                + "| KiB per stream: RSS growth / live heap growth | load generator open files |");
        System.out.println("|---|---|---|---|---|---|---|");
        var alive = new AtomicInteger();
        var failed = new AtomicInteger();
        long baseRss = rssKiB();
        long baseHeap = liveHeapMiB();
        var baseClasses = liveBytesByClass();
        int baseThreads = threads();
        System.out.printf("| 0 | %d | %d | %d | %d | – | %d |%n", baseRss / 1024, baseHeap, baseThreads, openFiles(), openFiles("self"));
        // the first few reasons a stream failed, as the load generator saw them
        var reasons = new ConcurrentLinkedQueue<String>();
        java.util.function.Consumer<Object> failure = why -> {
            failed.incrementAndGet();
            if (reasons.size() < 5) {
                reasons.add(String.valueOf(why));
            }
        };
        var lastSeen = new ConcurrentLinkedQueue<AtomicLong>();
        int step = Math.max(500, target / 10);
        int open = 0;
        while (open < target && failed.get() == 0) {
            int next = Math.min(target, open + step);
            var threadIds = new ArrayList<String>();
            for (int i = open; i < next && failed.get() == 0; i++) {
                try {
                    threadIds.add(createThread());
                } catch (Exception e) {
                    failure.accept("thread creation: " + e);
                }
            }
            for (String threadId : threadIds) {
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/chat/threads/" + threadId + "/messages/stream"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"idle " + UUID.randomUUID() + " tokens=100000 interval=" + RAMP_INTERVAL_MS + "\"}"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).build();
                var seen = new AtomicLong();
                lastSeen.add(seen);
                client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                    public void onSubscribe(Flow.Subscription s) { alive.incrementAndGet(); s.request(Long.MAX_VALUE); }
                    public void onNext(String line) { if (line.startsWith("data:")) seen.set(System.nanoTime()); }
                    public void onError(Throwable t) { failure.accept("stream: " + t); }
                    public void onComplete() { failure.accept("stream ended"); }
                })).exceptionally(error -> { failure.accept("request: " + error); return null; });
            }
            open = next;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (alive.get() < open && failed.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(RAMP_INTERVAL_MS + 2000); // let every stream receive its next token before measuring
            long recent = lastSeen.stream().filter(seen -> System.nanoTime() - seen.get() < TimeUnit.MILLISECONDS.toNanos(RAMP_INTERVAL_MS + 2000)).count();
            long heap = liveHeapMiB();
            long rss = rssKiB();
            System.out.printf("| %d (receiving: %d, failed: %d) | %d | %d | %d | %d | %.1f / %.1f | %d |%n", open, recent, failed.get(), rss / 1024,
                    heap, threads(), openFiles(), (rss - baseRss) / (double) open, (heap - baseHeap) * 1024.0 / open, openFiles("self"));
        }
        reasons.forEach(reason -> System.out.println("  failed: " + reason));
        if (open > 0) {
            printHeapPerStream(baseClasses, liveBytesByClass(), open);
        }
    }

    /**
     * Issue 3's figures, against the tests' fake upstream (it sees a closed connection at once,
     * even between tokens): the time from a cancel call to the upstream connection closed, and a
     * storm of clients that vanish mid-stream, after which every count must return to zero.
     */
    static void lifecycle(int storm) throws Exception {
        var fake = new dev.chatstream.it.FakeOpenAi(0);
        upstreamPort = fake.port();
        var server = startServer();
        try {
            var cancelMillis = new ArrayList<Double>();
            for (int i = 0; i < 50; i++) {
                String thread = createThread();
                String content = "cancel " + UUID.randomUUID() + " tokens:100 pace:500";
                var firstToken = new CompletableFuture<String>();
                var runId = new java.util.concurrent.atomic.AtomicReference<String>();
                var lines = client.sendAsync(post("/api/chat/threads/" + thread + "/messages/stream", content),
                        HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                            public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                            public void onNext(String line) {
                                Matcher run = RUN_ID.matcher(line);
                                if (run.find()) {
                                    runId.set(run.group(1));
                                }
                                if (line.contains("\"ai_response\"")) {
                                    firstToken.complete(runId.get());
                                }
                            }
                            public void onError(Throwable t) { firstToken.completeExceptionally(t); }
                            public void onComplete() { }
                        }));
                String run = firstToken.get(30, TimeUnit.SECONDS);
                var call = fake.call(content);
                Thread.sleep(100 + (i % 5) * 70); // cancel at different points between two tokens
                long start = System.nanoTime();
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/chat/threads/" + thread
                        + "/runs/" + run + "/cancel")).POST(HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
                dev.chatstream.it.FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(10), "upstream closed");
                cancelMillis.add((call.abortedNanos - start) / 1e6);
                lines.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("cancel call to upstream connection closed (50 cancels between two tokens): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(cancelMillis, 50), pct(cancelMillis, 99), Collections.max(cancelMillis));

            var streams = new ArrayList<CompletableFuture<HttpResponse<java.io.InputStream>>>();
            var threads = new ArrayList<String>();
            for (int i = 0; i < storm; i++) {
                threads.add(createThread());
            }
            long rssBefore = rssKiB();
            for (String thread : threads) {
                streams.add(client.sendAsync(post("/api/chat/threads/" + thread + "/messages/stream",
                        "storm " + UUID.randomUUID() + " tokens:2000 pace:50"), HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (var response : streams) {
                if (response.get(60, TimeUnit.SECONDS).body().read() == -1) {
                    throw new IllegalStateException("a storm stream ended before it began");
                }
            }
            System.out.printf("storm: %d streams open, metrics %s, server RSS %d MiB (was %d)%n", storm, metrics(), rssKiB() / 1024, rssBefore / 1024);
            long vanished = System.nanoTime();
            for (var response : streams) {
                response.get().body().close();
            }
            while (!metrics().equals("[0, 0, 0]")) {
                if (System.nanoTime() - vanished > TimeUnit.SECONDS.toNanos(120)) {
                    System.out.println("storm: counts did not return to zero: " + metrics());
                    break;
                }
                Thread.sleep(50);
            }
            long aborted = fake.calls().stream().filter(call -> call.marker.startsWith("storm ") && call.aborted).count();
            System.out.printf("storm: %d clients vanished; runs, subscribers and upstream connections back to %s after %.1f s "
                    + "(detach grace included); upstream requests aborted: %d of %d; server threads %d%n", storm, metrics(),
                    (System.nanoTime() - vanished) / 1e9, aborted, storm, threads());
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            fake.close();
        }
        System.exit(0);
    }

    /**
     * Issue 4's end-to-end figures: a document of about 200 chunks uploaded through the API and
     * timed until indexed, then the server's own time to first token (metadata.ttftMs) for 40
     * sends with retrieval and 40 without.
     */
    static void rag() throws Exception {
        startUpstream();
        var server = startServer();
        try {
            String admin = JwtSigner.sign(Map.of("iss", DevSigningKey.ISSUER, "sub", "bench-admin", "upn", "bench-admin", "org_id", "bench",
                    "jti", UUID.randomUUID().toString(), "iat", Instant.now().getEpochSecond(),
                    "exp", Instant.now().plusSeconds(86400).getEpochSecond(), "groups", List.of("admin")),
                    DevSigningKey.privateKey(Path.of("target/bench-data").toAbsolutePath()));
            String slug = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            send(admin, "POST", "/api/kb/collections", "{\"slug\":\"" + slug + "\",\"name\":\"Bench\"}");
            var words = "employee vacation policy refund customer password reset server port travel expense approval department office".split(" ");
            var random = new java.util.Random(7);
            // three documents of 400 paragraphs, one after the other: the first includes the JIT's warm-up
            for (int round = 1; round <= 3; round++) {
                var content = new StringBuilder();
                for (int paragraph = 0; paragraph < 400; paragraph++) {
                    for (int word = 0; word < 165; word++) {
                        content.append(words[random.nextInt(words.length)]).append(word % 11 == 10 ? ". " : " ");
                    }
                    content.append("\\n\\n");
                }
                long uploaded = System.nanoTime();
                String document = send(admin, "POST", "/api/kb/collections/" + slug + "/documents",
                        "{\"title\":\"Bench " + round + "\",\"content\":\"" + content + "\"}");
                Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(document);
                id.find();
                String status;
                do {
                    Thread.sleep(50);
                    status = send(admin, "GET", "/api/kb/collections/" + slug + "/documents/" + id.group(1), null);
                } while (status.contains("\"pending\""));
                Matcher chunks = Pattern.compile("\"chunkCount\":(\\d+)").matcher(status);
                chunks.find();
                double seconds = (System.nanoTime() - uploaded) / 1e9;
                System.out.printf("ingestion through the API, document %d: %s chunks in %.1f s = %.1f chunks/s%n", round, chunks.group(1), seconds,
                        Integer.parseInt(chunks.group(1)) / seconds);
            }

            for (String collection : new String[] {null, slug}) {
                var ttfts = new ArrayList<Double>();
                for (int i = 0; i < 40; i++) {
                    String thread = send(admin, "POST", "/api/chat/threads", collection == null ? "{}" : "{\"collection\":\"" + collection + "\"}");
                    Matcher threadId = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(thread);
                    threadId.find();
                    String events = send(admin, "POST", "/api/chat/threads/" + threadId.group(1) + "/messages/stream",
                            "{\"content\":\"How is the travel expense approval done? tokens=3 interval=1\"}");
                    Matcher ttft = Pattern.compile("\"ttftMs\":(\\d+)").matcher(events);
                    if (ttft.find() && i >= 10) {
                        ttfts.add(Double.parseDouble(ttft.group(1)));
                    }
                }
                System.out.printf("server time to first token %s retrieval: p50 %.0f ms, p95 %.0f ms%n", collection == null ? "without" : "with",
                        pct(ttfts, 50), pct(ttfts, 95));
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    static String send(String bearer, String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path)).header("Authorization", "Bearer " + bearer);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static final Pattern RUN_ID = Pattern.compile("\"runId\":\"([^\"]+)\"");

    static HttpRequest post(String path, String content) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).build();
    }

    /** [runs active, subscribers, upstream connections] from /metrics. */
    static String metrics() throws Exception {
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/metrics?scope=application")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var values = new ArrayList<Long>();
        for (String name : List.of("chatstream_runs_active", "chatstream_run_subscribers", "chatstream_upstream_connections")) {
            Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})?\\s+([0-9.]+)").matcher(body);
            values.add(matcher.find() ? (long) Double.parseDouble(matcher.group(2)) : -1);
        }
        return values.toString();
    }

    static String createThread() throws Exception {
        var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/chat/threads"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), // a server out of open files may never answer
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 201 || !matcher.find()) {
            throw new IllegalStateException("create thread: " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    static void warmUp() throws Exception {
        // until the JIT has compiled the hot paths: C2 was still busy after a few rounds
        for (int i = 0; i < Integer.getInteger("warmup", 10); i++) {
            run(200, false);
            run(50, true);
        }
    }

    /** -Dupstream=h2: the fake upstream speaks HTTP/2 over TLS, as providers do (else HTTP/1.1, cleartext). */
    static final boolean H2 = "h2".equals(System.getProperty("upstream"));
    static H2Upstream h2Upstream;
    static HttpClient upstreamClient = client;

    /** The fake upstream: OpenAI's chunk format; each token "s<nanoTime> " stamped as it is written. */
    static void startUpstream() throws Exception {
        if (H2) {
            h2Upstream = new H2Upstream(Path.of("target/bench-h2").toAbsolutePath(), TOKENS, INTERVAL_MS);
            upstreamPort = URI.create(h2Upstream.baseUrl()).getPort();
            upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(h2Upstream.trusting())
                    .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(30)).build();
            return;
        }
        System.setProperty("sun.net.httpserver.nodelay", "true");
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int tokens = option(body, "tokens", TOKENS);
            int interval = option(body, "interval", INTERVAL_MS);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
                long start = System.nanoTime();
                for (int i = 0; i < tokens; i++) {
                    long due = start + TimeUnit.MILLISECONDS.toNanos((long) i * interval);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"s"
                            + System.nanoTime() + " \"},\"finish_reason\":null}]}");
                }
                write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
                write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":" + tokens + ",\"total_tokens\":" + (20 + tokens) + "}}");
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException e) {
                // the reader left
            }
        });
        server.start();
        upstreamPort = server.getAddress().getPort();
    }

    static String upstreamBase() {
        return (H2 ? "https" : "http") + "://127.0.0.1:" + upstreamPort + "/v1";
    }

    static int option(String body, String name, int fallback) {
        Matcher matcher = Pattern.compile(name + "=(\\d+)").matcher(body);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : fallback;
    }

    static void write(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static Process startServer() throws Exception {
        Path dataDir = Path.of("target/bench-data").toAbsolutePath();
        String war = System.getProperty("server.war", "target/chatstream.war");
        serverPort = Integer.getInteger("port", 18080);
        var command = new ArrayList<String>();
        if (PIN) {
            command.addAll(List.of("taskset", "-c", "0"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("server.heap", "-Xmx2g")));
        if (System.getProperty("jfr") != null) {
            command.add("-XX:FlightRecorderOptions:stackdepth=256"); // the default 64 cuts off where a request began
        }
        // -Dserver.jvm: further server JVM options, space-separated (a GC, a JFR recording)
        command.addAll(List.of(System.getProperty("server.jvm", "-Dbench=true").trim().split("\\s+")));
        command.addAll(List.of(
                "-DCHAT_DATA_DIR=" + dataDir, "-DCHAT_PROVIDER=openai", "-DOPENAI_API_KEY=bench",
                "-DOPENAI_BASE_URL=" + upstreamBase(),
                "-DCHAT_RATE_LIMIT_PER_MINUTE=1000000", "-DCHAT_UPSTREAM_IDLE_TIMEOUT_SECONDS=120",
                "-jar", "target/payara-micro.jar", "--nohazelcast", "--port", String.valueOf(serverPort),
                "--contextroot", "/", "--postbootcommandfile", "server-config/post-boot-commands.asadmin",
                "--deploy", war));
        if (H2) {
            // the server trusts the fake upstream's self-signed key, as it trusts a provider's
            command.addAll(1 + command.indexOf(command.stream().filter(part -> part.endsWith("/bin/java")).findFirst().orElseThrow()),
                    List.of("-Djavax.net.ssl.trustStore=" + h2Upstream.keyStore(), "-Djavax.net.ssl.trustStorePassword=" + dev.chatstream.it.TlsH2Server.PASSWORD,
                            "-Djavax.net.ssl.trustStoreType=PKCS12"));
        }
        // -Dpreboot.skip=a.war: that WAR runs as the main it was built from did, without the pre-boot settings
        if (!List.of(System.getProperty("preboot.skip", "").split(",")).contains(war)) {
            command.addAll(List.of("--prebootcommandfile", "server-config/pre-boot-commands.asadmin"));
        }
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench-server.log").toFile()).start();
        serverPid = process.pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                var health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        token = clientToken("bench");
        return process;
    }

    /** An RS256 token of the development key for user {@code subject}. */
    static String clientToken(String subject) {
        return JwtSigner.sign(Map.of("iss", DevSigningKey.ISSUER, "sub", subject, "upn", subject, "org_id", "bench",
                "jti", UUID.randomUUID().toString(), "iat", Instant.now().getEpochSecond(),
                "exp", Instant.now().plusSeconds(86400).getEpochSecond(), "groups", List.of("user")),
                DevSigningKey.privateKey(Path.of("target/bench-data").toAbsolutePath()));
    }

    /** The server's total GC pause time so far, from jcmd's GC counters (jstat). */
    static long gcMillis() throws Exception {
        String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        var process = new ProcessBuilder(jstat, "-gcutil", String.valueOf(serverPid)).redirectErrorStream(true).start();
        var lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
        process.waitFor();
        String[] header = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("GCT")) {
                return Math.round(Double.parseDouble(values[i]) * 1000);
            }
        }
        return -1;
    }

    /** The server's user + system CPU time so far, from /proc (clock ticks of 10 ms). */
    static long cpuMillis() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/" + serverPid + "/stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static long openFiles() throws IOException {
        return openFiles(String.valueOf(serverPid));
    }

    /** Open files of a process ("self": the load generator, which also serves the fake upstream). */
    static long openFiles(String pid) throws IOException {
        try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return files.count();
        }
    }

    static long rssKiB() throws IOException {
        return statusField("VmRSS:");
    }

    static int threads() throws IOException {
        return (int) statusField("Threads:");
    }

    static long statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static double pct(java.util.Collection<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    static double min(java.util.Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
