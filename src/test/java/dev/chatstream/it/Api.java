package dev.chatstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatstream.security.control.DevSigningKey;
import dev.chatstream.security.control.JwtSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The API as a client sees it: JSON over HTTP with a bearer token, and SSE read frame by frame. */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    private Api(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * The deployment's root, on loopback (the adapter reports another address), once it serves
     * requests: the adapter reports a deployment as soon as Payara has it, while the application
     * still starts (and answers 503) for a few seconds more.
     */
    static synchronized URI root(URL deployment) {
        var root = URI.create("http://127.0.0.1:" + deployment.getPort() + "/");
        if (READY.add(deployment)) {
            FakeOpenAi.await(() -> ready(root), Duration.ofSeconds(120), "the application at " + root + " is ready");
        }
        return root;
    }

    /** The deployments seen ready, by identity: each test class gets its own, on a server of its own. */
    private static final java.util.Set<URL> READY = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private static boolean ready(URI root) {
        try {
            return HTTP.send(HttpRequest.newBuilder(Servers.health(root)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new user of their own, in {@code org}, signed with the server's development key. */
    static Api newUser(URL deployment, String org) {
        return as(deployment, token(Map.of("sub", "user-" + UUID.randomUUID(), "org_id", org)));
    }

    /** The same for a server of the test's own, with its data folder. */
    static Api newUser(URI root, Path dataDir, String org) {
        return new Api(root, token(Map.of("sub", "user-" + UUID.randomUUID(), "org_id", org), dataDir));
    }

    /** An admin of {@code org} for a server of the test's own, with its data folder. */
    static Api admin(URI root, Path dataDir, String org) {
        return new Api(root, token(Map.of("sub", "admin-" + UUID.randomUUID(), "org_id", org, "groups", List.of("admin")), dataDir));
    }

    /** A user of {@code org} with the given clearance, in the admin group or not. */
    static Api member(URL deployment, String org, int clearance, boolean admin) {
        return as(deployment, token(Map.of("sub", "user-" + UUID.randomUUID(), "org_id", org, "clearance", clearance,
                "groups", admin ? List.of("admin") : List.of("user"))));
    }

    /** A multipart/form-data POST: the file part and plain fields. */
    Reply upload(String path, String fileName, String fileType, byte[] file, Map<String, String> fields) {
        String boundary = "----chatstream" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        try {
            for (var field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                        + field.getValue() + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + fileType + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.write(file);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response, response.body().isBlank() ? null : tryParse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until document {@code id} of collection {@code slug} has been processed and asserts
     * its status: a document that failed shows its error rather than a time-out.
     */
    JsonNode awaitDocument(String slug, String id, String status) {
        var last = new JsonNode[] {JSON.nullNode()};
        try {
            FakeOpenAi.await(() -> {
                last[0] = get("api/kb/collections/" + slug + "/documents/" + id).json().path("document");
                return !"pending".equals(last[0].path("status").asText());
            }, Duration.ofSeconds(60), "document " + id + " of " + slug + " processed");
        } catch (AssertionError timedOut) {
            // an ingestion that never ends has happened twice in CI, with nothing in the log: what were the threads doing?
            throw new AssertionError(timedOut.getMessage() + "; server thread dumps: " + ServerThreads.dump(), timedOut);
        }
        org.junit.jupiter.api.Assertions.assertEquals(status, last[0].path("status").asText(), last[0].toString());
        return last[0];
    }

    static Api as(URL deployment, String token) {
        return new Api(root(deployment), token);
    }

    /** A JSON object's member names in the order they were sent: the seeds' frames are compared member by member. */
    static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The bearer token this client sends; null for an anonymous one. */
    String token() {
        return token;
    }

    static String token(Map<String, Object> claims) {
        return token(claims, Path.of(System.getProperty("it.dataDir")));
    }

    static String token(Map<String, Object> claims, Path dataDir) {
        var all = new java.util.HashMap<String, Object>(claims);
        all.putIfAbsent("iss", DevSigningKey.ISSUER);
        all.putIfAbsent("upn", all.get("sub"));
        all.putIfAbsent("iat", Instant.now().getEpochSecond());
        all.putIfAbsent("exp", Instant.now().plusSeconds(3600).getEpochSecond());
        all.putIfAbsent("groups", List.of("user"));
        all.putIfAbsent("jti", UUID.randomUUID().toString());
        return JwtSigner.sign(all, DevSigningKey.privateKey(dataDir));
    }

    record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    Reply post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Reply patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Reply send(String method, String path, Object body, Map<String, String> headers) {
        var request = request(path, headers, body != null).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : write(body)));
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : tryParse(response.body());
            return new Reply(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    String createThread() {
        var reply = post("api/chat/threads", Map.of("title", "test"));
        if (reply.status() != 201) {
            throw new AssertionError("create thread: " + reply.status() + " " + reply.raw().body());
        }
        return reply.json().path("thread").path("id").asText();
    }

    /** One SSE frame: its id, its parsed data (null for a comment), when it arrived. */
    record Frame(String id, JsonNode event, String comment, long receivedNanos) {
        String type() {
            return event == null ? null : event.path("type").asText();
        }

        JsonNode data() {
            return event.path("data");
        }
    }

    /** An SSE response read to its end, or until {@code stopAfter} says to hang up; {@code body} is its text as read. */
    record Stream(int status, HttpResponse<?> raw, List<Frame> frames, String body) {
        List<Frame> events() {
            return frames.stream().filter(frame -> frame.event() != null).toList();
        }

        List<String> types() {
            return events().stream().map(Frame::type).toList();
        }

        /** The first event's type, failing with what came instead when the stream is not a 200 with events. */
        String firstType() {
            if (status != 200 || events().isEmpty()) {
                throw new AssertionError("expected a stream of events, got " + status + ": " + body);
            }
            return types().get(0);
        }

        Frame first(String type) {
            return events().stream().filter(frame -> type.equals(frame.type())).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " event in " + types()));
        }

        String text() {
            var text = new StringBuilder();
            events().stream().filter(frame -> "ai_response".equals(frame.type()) && !frame.data().path("isComplete").asBoolean())
                    .forEach(frame -> text.append(frame.data().path("content").asText()));
            return text.toString();
        }
    }

    Stream stream(String path, Object body) {
        return stream(path, body, Map.of(), frame -> false);
    }

    Stream stream(String path, Object body, Map<String, String> headers, Predicate<Frame> hangUpAfter) {
        var request = request(path, headers, true).header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                String text = String.join("\n", response.body().toList());
                return new Stream(response.statusCode(), response, List.of(), text);
            }
            var frames = new ArrayList<Frame>();
            var raw = new StringBuilder();
            String id = null;
            var lines = response.body().iterator();
            try {
                while (lines.hasNext()) {
                    String line = lines.next();
                    raw.append(line).append('\n');
                    long now = System.nanoTime();
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        var frame = new Frame(id, JSON.readTree(line.substring(5).trim()), null, now);
                        frames.add(frame);
                        id = null;
                        if (hangUpAfter.test(frame)) {
                            break;
                        }
                    } else if (line.startsWith(":")) {
                        frames.add(new Frame(null, null, line.substring(1).trim(), now));
                    }
                }
            } finally {
                response.body().close();
            }
            return new Stream(200, response, frames, raw.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code senders} identical streaming requests released at once by a barrier, each read to its end. */
    List<Stream> streamAtOnce(int senders, String path, Object body, Map<String, String> headers) {
        var barrier = new java.util.concurrent.CyclicBarrier(senders);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
        try {
            var streams = new ArrayList<java.util.concurrent.Future<Stream>>();
            for (int i = 0; i < senders; i++) {
                streams.add(pool.submit(() -> {
                    barrier.await();
                    return stream(path, body, headers, frame -> false);
                }));
            }
            var finished = new ArrayList<Stream>();
            for (var stream : streams) {
                finished.add(stream.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return finished;
        } catch (Exception e) {
            throw new IllegalStateException("the simultaneous sends did not finish", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A stream read on a background thread, watched while it runs; hang up at any moment. */
    final class LiveStream {
        final java.util.List<Frame> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.CompletableFuture<Stream> end;
        private volatile boolean hangUp;
        private volatile java.io.InputStream input;

        LiveStream(String method, String path, Object body, Map<String, String> headers) {
            end = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(method, path, body, headers));
        }

        private Stream read(String method, String path, Object body, Map<String, String> headers) {
            var request = request(path, headers, body != null).header("Accept", "text/event-stream")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(write(body)))
                    .build();
            try {
                var response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    return new Stream(response.statusCode(), response, List.of(),
                            new String(response.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
                input = response.body();
                try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(input,
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    String id = null;
                    String line;
                    while (!hangUp && (line = reader.readLine()) != null) {
                        long now = System.nanoTime();
                        if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("data:")) {
                            frames.add(new Frame(id, JSON.readTree(line.substring(5).trim()), null, now));
                            id = null;
                        } else if (line.startsWith(":")) {
                            frames.add(new Frame(null, null, line.substring(1).trim(), now));
                        }
                    }
                }
                return new Stream(200, response, List.copyOf(frames), null);
            } catch (IOException e) {
                if (hangUp) {
                    return new Stream(200, null, List.copyOf(frames), null);
                }
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Waits for a frame that matches, and returns it. */
        Frame await(Predicate<Frame> wanted) {
            FakeOpenAi.await(() -> frames.stream().anyMatch(frame -> frame.event() != null && wanted.test(frame))
                    || end.isDone(), Duration.ofSeconds(20), "an expected frame");
            return frames.stream().filter(frame -> frame.event() != null && wanted.test(frame)).findFirst()
                    .orElseThrow(() -> new AssertionError("the stream ended without the expected frame: " + frames));
        }

        /** Stops reading and closes the connection, as a client that goes away does. */
        Stream hangUp() {
            hangUp = true;
            var open = input;
            if (open != null) {
                try {
                    open.close();
                } catch (IOException ignored) {
                    // closing is all that was wanted
                }
            }
            return end();
        }

        Stream end() {
            try {
                return end.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    LiveStream open(String method, String path, Object body, Map<String, String> headers) {
        return new LiveStream(method, path, body, headers);
    }

    /**
     * A client that sends a streaming request and then never reads: a socket with a 2 KiB receive
     * buffer, left open until the test closes it.
     */
    java.net.Socket sendAndNeverRead(String path, Object body) {
        try {
            var socket = new java.net.Socket();
            socket.setReceiveBufferSize(2048);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            byte[] json = write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /" + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nAccept: text/event-stream"
                    + "\r\nContent-Length: " + json.length + "\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers, boolean json) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (json) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tryParse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
