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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watchdog's checkpoints, with tasks run by hand instead of a container's executor. */
class RunsTest {

    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Map<String, String>> written = new ArrayList<>();
    /** How many of the next checkpoints the database refuses. */
    private int failing;
    private final Runs runs = new Runs(new Exchanges() {
        @Override
        public void checkpoint(Map<String, String> textByAnswer) {
            if (failing > 0) {
                failing--;
                throw new IllegalStateException("database unavailable");
            }
            written.add(Map.copyOf(textByAnswer));
        }
    }, 3600, 3600, 3600, 3600, 0, 1, 100);
    private final RunTest.FakeProvider provider = new RunTest.FakeProvider();

    @BeforeEach
    void startARun() {
        runs.executor = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, arguments) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    tasks.add((Runnable) arguments[0]);
                    return null;
                });
        var ticker = new ManualTicker();
        var run = new Run("run", "thread", "answer", new Owner("o", "u"), provider, (r, outcome) -> { },
                ticker, ticker.nanos(), new Readers.Settings(Runnable::run, 100));
        runs.add(run);
        run.start(new GenerationRequest(null, List.of(new ChatTurn(ChatTurn.Speaker.user, "hi")), null, null, null));
    }

    @Test
    void aCheckpointStillBeingWrittenMakesTheNextWaitAndNoTextIsSkipped() {
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

    @Test
    void aCheckpointTheDatabaseRefusedIsWrittenAgainThoughTheTextDidNotGrow() {
        provider.listener.onDelta("all the provider sent before it went quiet");
        failing = 1;
        runs.watch();
        tasks.get(0).run();
        assertEquals(List.of(), written);

        runs.watch();
        assertEquals(2, tasks.size(), "the same text is checkpointed again");
        tasks.get(1).run();
        assertEquals(List.of(Map.of("answer", "all the provider sent before it went quiet")), written);
        runs.watch();
        assertEquals(2, tasks.size(), "and once written, not again");
    }
}
