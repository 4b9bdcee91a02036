import dev.chatstream.it.TlsH2Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The benchmark's fake OpenAI upstream as the real ones are reached: HTTP/2 over TLS (ALPN h2,
 * 100 concurrent streams per connection), each token "s<nanoTime> " stamped as it is written.
 * Every write is asynchronous and paced by a scheduler, so that tens of thousands of slow
 * streams need no thread each.
 */
final class H2Upstream implements AutoCloseable {

    private static final Pattern OPTION = Pattern.compile("(tokens|interval)=(\\d+)");

    private final TlsH2Server server;
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);

    H2Upstream(Path folder, int defaultTokens, int defaultInterval) throws Exception {
        server = new TlsH2Server(folder, 100, 64, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request);
                int tokens = defaultTokens;
                int interval = defaultInterval;
                Matcher option = OPTION.matcher(body);
                while (option.find()) {
                    if (option.group(1).equals("tokens")) {
                        tokens = Integer.parseInt(option.group(2));
                    } else {
                        interval = Integer.parseInt(option.group(2));
                    }
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream");
                new Answer(response, callback, tokens, interval).next();
                return true;
            }
        });
    }

    String baseUrl() {
        return server.baseUrl();
    }

    Path keyStore() {
        return server.keyStore();
    }

    SSLContext trusting() throws Exception {
        return server.trusting();
    }

    /** One streaming answer: each write schedules the next at its due time. */
    private final class Answer {
        final Response response;
        final Callback done;
        final int tokens;
        final int interval;
        final long start = System.nanoTime();
        int written = -1;

        Answer(Response response, Callback done, int tokens, int interval) {
            this.response = response;
            this.done = done;
            this.tokens = tokens;
            this.interval = interval;
        }

        void next() {
            written++;
            if (written == 0) {
                write("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}", false);
            } else if (written <= tokens) {
                long due = start + TimeUnit.MILLISECONDS.toNanos((long) (written - 1) * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    pacer.schedule(this::token, wait, TimeUnit.NANOSECONDS);
                } else {
                    token();
                }
            } else {
                write("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}]}\n\ndata: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":" + tokens + ",\"total_tokens\":"
                        + (20 + tokens) + "}}\n\ndata: [DONE]", true);
            }
        }

        void token() {
            write("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":"
                    + "{\"content\":\"s" + System.nanoTime() + " \"},\"finish_reason\":null}]}", false);
        }

        void write(String json, boolean last) {
            var bytes = ByteBuffer.wrap(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            response.write(last, bytes, Callback.from(last ? done::succeeded : this::next, done::failed));
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        pacer.shutdownNow();
    }
}
