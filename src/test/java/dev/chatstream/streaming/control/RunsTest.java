package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.providers.entity.ChatTurn;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.control.Exchanges;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watchdog's checkpoints, with tasks run by hand instead of a container's executor. */
class RunsTest {

    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Map<String, String>> written = new ArrayList<>();
    private final Runs runs = new Runs(new Exchanges() {
        @Override
        public void checkpoint(Map<String, String> textByAnswer) {
            written.add(Map.copyOf(textByAnswer));
        }
    }, 3600, 3600, 3600, 3600, 0, 1, 100);

    @Test
    void aCheckpointStillBeingWrittenMakesTheNextWaitAndNoTextIsSkipped() {
        runs.executor = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, arguments) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    tasks.add((Runnable) arguments[0]);
                    return null;
                });
        var provider = new RunTest.FakeProvider();
        var ticker = new ManualTicker();
        var run = new Run("run", "thread", "answer", new Owner("o", "u"), provider, (r, outcome) -> { },
                ticker, ticker.nanos(), new Readers.Settings(Runnable::run, 100));
        runs.add(run);
        run.start(new GenerationRequest(null, List.of(new ChatTurn(ChatTurn.Speaker.user, "hi")), null, null, null));

        provider.listener.onDelta("one");
        runs.watch();
        provider.listener.onDelta(" two");
        runs.watch();
        assertEquals(1, tasks.size(), "no second checkpoint beside one not yet written");

        tasks.get(0).run();
        runs.watch();
        assertEquals(2, tasks.size());
        tasks.get(1).run();
        assertEquals(List.of(Map.of("answer", "one"), Map.of("answer", "one two")), written);
    }
}
