package dev.chatstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local LLM server speaking the real streaming wire formats over raw sockets, so that it can
 * pace, fail, cut connections, and see when the client aborts: OpenAI's chat completions,
 * Anthropic's messages API on {@code POST /v1/messages}, and Gemini's
 * {@code models/…:streamGenerateContent?alt=sse}.
 *
 * <p>The last user message steers it: {@code fault:500}, {@code fault:429}, {@code fault:cut},
 * {@code fault:malformed}, {@code fault:silence}, {@code pace:N} (ms between tokens),
 * {@code tokens:N} (that many numbered tokens), {@code sentences:N} (that many sentences, word by word). Anything else is answered with
 * "You said: " and the words of the message.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER_OPTION = Pattern.compile("(pace|tokens|sentences):(\\d+)");

    /** What happened to one request. */
    public static final class Call {
        public final JsonNode request;
        public final String marker;
        public volatile long lastTokenSentNanos;
        public volatile boolean finished;
        public volatile boolean aborted;
        public volatile long abortedNanos;

        Call(JsonNode request, String marker) {
            this.request = request;
            this.marker = marker;
        }
    }

    private final ServerSocket server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Call> byMarker = new ConcurrentHashMap<>();

    public FakeOpenAi(int port) throws IOException {
        server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        workers.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Call> calls() {
        return calls;
    }

    /** The call whose last user message contained {@code marker}, once it has arrived. */
    public Call call(String marker) {
        await(() -> byMarker.containsKey(marker), Duration.ofSeconds(20), "no upstream call for " + marker);
        return byMarker.get(marker);
    }

    public static void await(BooleanSupplier condition, Duration timeout, String message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out: " + message);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                workers.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = contentLength(head);
            JsonNode request = JSON.readTree(in.readNBytes(length));
            String question = lastUserMessage(request);
            var call = new Call(request, question);
            calls.add(call);
            byMarker.put(question, call);
            Dialect dialect = head.startsWith("POST /v1/messages ") ? ANTHROPIC
                    : head.contains("streamGenerateContent") ? GEMINI : OPENAI;
            answer(socket, call, question, dialect);
        } catch (IOException e) {
            // the client went away; recorded on the call where it matters
        }
    }

    private void answer(Socket socket, Call call, String question, Dialect dialect) throws IOException {
        OutputStream out = socket.getOutputStream();
        if (question.contains("fault:500")) {
            respond(out, 500, dialect.error("server_error", "The server had an error"), "");
            return;
        }
        if (question.contains("fault:429")) {
            respond(out, 429, dialect.error("rate_limit_error", "Rate limit reached"), "Retry-After: 7\r\n");
            return;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (question.contains("fault:silence")) {
            waitForClientToLeave(socket, call);
            return;
        }
        long pace = option(question, "pace", 2);
        List<String> tokens = tokens(question);
        try {
            chunkRaw(out, dialect.start(promptTokens(call.request)));
            for (int i = 0; i < tokens.size(); i++) {
                if (i > 0 && pace > 0 && !pause(socket, pace)) {
                    call.abortedNanos = System.nanoTime();
                    call.aborted = true;
                    return;
                }
                if (question.contains("fault:malformed") && i == 2) {
                    chunkRaw(out, dialect.malformed());
                    waitForClientToLeave(socket, call);
                    return;
                }
                if (question.contains("fault:cut") && i == 3) {
                    socket.setSoLinger(true, 0);
                    socket.close();
                    return;
                }
                chunkRaw(out, dialect.token(JSON.writeValueAsString(tokens.get(i))));
                call.lastTokenSentNanos = System.nanoTime();
            }
            chunkRaw(out, dialect.end(promptTokens(call.request), tokens.size()));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            call.finished = true;
        } catch (IOException e) {
            call.abortedNanos = System.nanoTime();
            call.aborted = true;
        }
    }

    /** A provider's streaming wire format: the events around the tokens, and its error body. */
    interface Dialect {
        String start(int promptTokens);

        /** @param text the token as a JSON string */
        String token(String text);

        String end(int promptTokens, int completionTokens);

        /** An event whose JSON breaks off. */
        String malformed();

        String error(String type, String message);
    }

    /** OpenAI's chat completions: role delta, content deltas, finish_reason, usage chunk, [DONE]. */
    static final Dialect OPENAI = new Dialect() {
        private static final String CHUNK = "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"fake-gpt\",";

        @Override
        public String start(int promptTokens) {
            return CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
        }

        @Override
        public String token(String text) {
            return CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + text + "},\"finish_reason\":null}]}\n\n";
        }

        @Override
        public String end(int promptTokens, int completionTokens) {
            return CHUNK + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + CHUNK + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                    + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}\n\n"
                    + "data: [DONE]\n\n";
        }

        @Override
        public String malformed() {
            return "data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n";
        }

        @Override
        public String error(String type, String message) {
            return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\"}}";
        }
    };

    /** Gemini's streamGenerateContent with alt=sse: candidates with text parts, the last with finishReason and usageMetadata. */
    static final Dialect GEMINI = new Dialect() {
        @Override
        public String start(int promptTokens) {
            return "";
        }

        @Override
        public String token(String text) {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + text + "}],\"role\":\"model\"},\"index\":0}],"
                    + "\"modelVersion\":\"fake-gemini\"}\n\n";
        }

        @Override
        public String end(int promptTokens, int completionTokens) {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
                    + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":" + promptTokens + ",\"candidatesTokenCount\":"
                    + completionTokens + ",\"totalTokenCount\":" + (promptTokens + completionTokens) + "},\"modelVersion\":\"fake-gemini\"}\n\n";
        }

        @Override
        public String malformed() {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\n\n";
        }

        @Override
        public String error(String type, String message) {
            return "{\"error\":{\"code\":400,\"message\":\"" + message + "\",\"status\":\"" + type + "\"}}";
        }
    };

    /** Anthropic's messages API: message_start, a text block of text_delta events, message_delta with usage, message_stop. */
    static final Dialect ANTHROPIC = new Dialect() {
        @Override
        public String start(int promptTokens) {
            return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"fake-claude\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":" + promptTokens + ",\"output_tokens\":1}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                    + "event: ping\ndata: {\"type\":\"ping\"}\n\n";
        }

        @Override
        public String token(String text) {
            return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":" + text + "}}\n\n";
        }

        @Override
        public String end(int promptTokens, int completionTokens) {
            return "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + completionTokens + "}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        }

        @Override
        public String malformed() {
            return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"text\":\n\n";
        }

        @Override
        public String error(String type, String message) {
            return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
        }
    };

    /**
     * Waits between two tokens while watching the connection, so that a client closing it is seen
     * at once rather than at the next write.
     *
     * @return false when the client closed the connection
     */
    private static boolean pause(Socket socket, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return true;
                }
                socket.setSoTimeout((int) left);
                if (socket.getInputStream().read() == -1) {
                    return false;
                }
            }
        } catch (java.net.SocketTimeoutException due) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    /** Holds the connection open, sending nothing, until the client closes it. */
    private static void waitForClientToLeave(Socket socket, Call call) {
        try {
            while (socket.getInputStream().read() != -1) {
                // a client sends nothing more on this connection
            }
        } catch (IOException ignored) {
            // reset by the client: it left
        }
        call.abortedNanos = System.nanoTime();
        call.aborted = true;
    }

    /** Answers to a message: its words echoed, or N numbered tokens. */
    static List<String> tokens(String question) {
        long sentences = option(question, "sentences", -1);
        if (sentences > 0) {
            var words = new java.util.ArrayList<String>();
            for (int i = 1; i <= sentences; i++) {
                words.addAll(List.of("This ", "is ", "sentence ", i + ". "));
            }
            return words;
        }
        long count = option(question, "tokens", -1);
        if (count > 0) {
            return java.util.stream.LongStream.range(0, count).mapToObj(i -> "t" + i + " ").toList();
        }
        var words = new java.util.ArrayList<String>();
        words.add("You");
        words.add(" said:");
        for (String word : question.split("\\s+")) {
            words.add(" " + word);
        }
        return words;
    }

    private static long option(String question, String name, long fallback) {
        Matcher matcher = NUMBER_OPTION.matcher(question);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return Long.parseLong(matcher.group(2));
            }
        }
        return fallback;
    }

    /** The text of a list of content blocks or parts. */
    private static String texts(JsonNode blocks) {
        return String.join("", blocks.findValuesAsText("text"));
    }

    private static int promptTokens(JsonNode request) {
        return (request.path("messages").toString().length() + request.path("contents").toString().length()) / 4;
    }

    private static String lastUserMessage(JsonNode request) {
        String last = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                last = content.isArray() ? texts(content) : content.asText();
            }
        }
        for (JsonNode content : request.path("contents")) {
            if ("user".equals(content.path("role").asText())) {
                last = texts(content.path("parts"));
            }
        }
        return last;
    }

    private static void respond(OutputStream out, int status, String body, String extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " Error\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void chunkRaw(OutputStream out, String text) throws IOException {
        if (text.isEmpty()) {
            return; // an empty chunk would end the chunked body
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
    }
}
