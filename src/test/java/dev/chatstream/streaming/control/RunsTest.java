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
    void handTasksToTheTest() {
        runs.executor = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, arguments) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    tasks.add((Runnable) arguments[0]);
                    return null;
                });
        startRun("answer", provider);
    }

    private void startRun(String answerId, RunTest.FakeProvider provider) {
        var ticker = new ManualTicker();
        var run = new Run("run-" + answerId, "thread", answerId, new Owner("o", "u"), provider, (r, outcome) -> { },
                ticker, ticker.nanos(), new Readers.Settings(Runnable::run, 100));
        run.admitted();
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

    @Test
    void aCheckpointOfManyAnswersIsWrittenAFewHundredATransactionAndABatchRefusedIsWrittenAgainAlone() {
        var providers = new ArrayList<RunTest.FakeProvider>();
        for (int i = 0; i < 2 * Runs.CHECKPOINT_BATCH; i++) {
            var another = new RunTest.FakeProvider();
            startRun(String.format("answer-%04d", i), another);
            another.listener.onDelta("text " + i);
            providers.add(another);
        }
        provider.listener.onDelta("the first run's text");
        failing = 1;
        runs.watch();
        tasks.get(0).run();

        assertEquals(2, written.size(), "the batch after the refused one was still written");
        assertEquals(Runs.CHECKPOINT_BATCH, written.get(0).size());
        assertEquals(1, written.get(1).size(), "2 × 256 + 1 answers: the first 256 refused, then 256, then 1");
        assertEquals("text 256", written.get(0).get("answer-0256"), "in answer id order");

        runs.watch();
        tasks.get(1).run();
        assertEquals(3, written.size(), "only the refused batch is written again");
        assertEquals(Runs.CHECKPOINT_BATCH, written.get(2).size());
        assertEquals("text 0", written.get(2).get("answer-0000"));
    }
}
