package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.providers.control.ChatProvider;
import dev.chatstream.providers.control.GenerationListener;
import dev.chatstream.providers.control.UpstreamCall;
import dev.chatstream.providers.entity.ChatTurn;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.chatstream.shared.Owner;
import dev.chatstream.shared.Usage;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.RunOutcome;
import dev.chatstream.workflows.entity.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The run's state machine, log and delivery, with a fake provider, fake readers and a hand-moved clock. */
class RunTest {

    private static final GenerationRequest REQUEST = new GenerationRequest("be brief",
            List.of(new ChatTurn(ChatTurn.Speaker.user, "hello")), null, null, null);

    private final ManualTicker ticker = new ManualTicker();
    private final FakeProvider provider = new FakeProvider();
    private final List<RunOutcome> stored = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void eventsReachTheReaderInOrderAndDoneIsLastExactlyOnce() {
        var run = run(Runnable::run, 100);
        var reader = new RecordingReader();
        run.subscribe(reader, 0);
        run.start(REQUEST);
        provider.listener.onDelta("Hel");
        provider.listener.onDelta("lo");
        provider.listener.onComplete(new Completion(Usage.of(3, 2), "m", "stop"));
        provider.listener.onComplete(new Completion(Usage.of(3, 2), "m", "stop"));
        run.close(MessageStatus.completed);

        assertEquals(List.of("ai_response", "ai_response", "ai_response", "metadata", "done"), reader.types());
        assertEquals("Hello", ((StreamEvent.AiComplete) reader.frames.get(2).event()).accumulated());
        assertEquals(1, stored.size());
        assertEquals("Hello", stored.get(0).content());
        assertEquals(1, provider.cancels.get(), "the upstream is let go of when the run ends");
        assertTrue(reader.closed);
        for (int i = 0; i < reader.frames.size(); i++) {
            assertEquals(i + 1, reader.frames.get(i).seq());
        }
    }

    @Test
    void aReplayIsTheLiveStreamByteForByte() {
        var run = run(Runnable::run, 100);
        var live = new RecordingReader();
        run.subscribe(live, 0);
        run.publish(new StreamEvent.Connected("thread", "run"));
        run.start(REQUEST);
        for (String delta : List.of("One ", "two ", "three")) {
            ticker.advance(Duration.ofMillis(7));
            provider.listener.onDelta(delta);
        }
        provider.listener.onComplete(new Completion(Usage.of(1, 3), "m", "stop"));
        run.close(MessageStatus.completed);

        var replay = new RecordingReader();
        run.subscribe(replay, 2);
        assertEquals(live.frames.subList(2, live.frames.size()).stream().map(RunTest::text).toList(),
                replay.frames.stream().map(RunTest::text).toList());
        assertEquals(live.frames.subList(2, live.frames.size()).stream().map(Frame::id).toList(),
                replay.frames.stream().map(Frame::id).toList());
        assertTrue(replay.closed, "a finished run releases a late reader after its replay");
    }

    @Test
    void completionRacingCancelDecidesOnceAndDoneFollowsTheStoredOutcome() throws Exception {
        for (int round = 0; round < 200; round++) {
            var race = new Race();
            race.provider.listener.onDelta("partial");
            var results = race.atOnce(() -> {
                race.provider.listener.onComplete(new Completion(Usage.of(1, 1), "m", "stop"));
                return null;
            }, () -> race.run.stop(MessageStatus.cancelled));
            boolean cancelWon = (Boolean) results.get(1);

            assertEquals(1, stored.size(), "one outcome, round " + round);
            var status = stored.get(0).status();
            assertEquals(cancelWon ? MessageStatus.cancelled : MessageStatus.completed, status);
            assertEquals("partial", stored.get(0).content());
            assertEquals(1, race.reader.count("done"));
            assertEquals("done", race.reader.types().get(race.reader.types().size() - 1));
            var done = (StreamEvent.Done) race.reader.frames.get(race.reader.frames.size() - 1).event();
            assertEquals(status.name(), done.status());
            assertEquals(1, race.reader.count("metadata"));
        }
    }

    @Test
    void failureRacingTheIdleTimeoutEndsWithOneError() throws Exception {
        for (int round = 0; round < 200; round++) {
            var race = new Race();
            ticker.advance(Duration.ofSeconds(3));
            race.atOnce(() -> {
                race.provider.listener.onFailure(ProviderFailure.of(FailureCode.upstream_error, "broke off", true));
                return null;
            }, () -> {
                race.run.checkIdle(Duration.ofSeconds(2).toNanos());
                return null;
            });

            assertEquals(1, stored.size());
            assertEquals(MessageStatus.failed, stored.get(0).status());
            assertEquals(List.of("error", "done"), race.reader.types());
            assertEquals(stored.get(0).errorCode(), ((StreamEvent.Error) race.reader.frames.get(0).event()).code());
        }
    }

    /** A started run whose store keeps the outcome and closes it at once, and two actions released together on it. */
    private final class Race {
        final FakeProvider provider = new FakeProvider();
        final RecordingReader reader = new RecordingReader();
        final Run run;

        Race() {
            stored.clear();
            run = new Run("run", "thread", "answer", new Owner("o", "u"), provider, (r, outcome) -> {
                stored.add(outcome);
                r.close(outcome.status());
            }, ticker, ticker.nanos(), new Readers.Settings(Runnable::run, 100));
            run.admitted();
            run.subscribe(reader, 0);
            run.start(REQUEST);
        }

        List<Object> atOnce(java.util.concurrent.Callable<?> first, java.util.concurrent.Callable<?> second) throws Exception {
            var barrier = new CyclicBarrier(2);
            var one = pool.submit(() -> {
                barrier.await();
                return first.call();
            });
            var two = pool.submit(() -> {
                barrier.await();
                return second.call();
            });
            var results = new ArrayList<Object>();
            results.add(one.get(5, TimeUnit.SECONDS));
            results.add(two.get(5, TimeUnit.SECONDS));
            return results;
        }
    }

    @Test
    void theIdleTimeoutFiresOnlyAfterSilence() {
        var run = run(Runnable::run, 100);
        var reader = new RecordingReader();
        run.subscribe(reader, 0);
        run.start(REQUEST);
        ticker.advance(Duration.ofMillis(1500));
        provider.listener.onDelta("still here");
        ticker.advance(Duration.ofMillis(1500));
        run.checkIdle(Duration.ofSeconds(2).toNanos());
        assertTrue(stored.isEmpty(), "a token 1.5 s ago keeps the run alive");
        ticker.advance(Duration.ofMillis(600));
        run.checkIdle(Duration.ofSeconds(2).toNanos());
        assertEquals(FailureCode.upstream_timeout.name(), stored.get(0).errorCode());
        assertEquals("still here", stored.get(0).content());
    }

    @Test
    void aReaderThatStopsReadingStallsNobodyAndIsDropped() throws Exception {
        var run = run(pool, 5);
        var stuck = new CountDownLatch(1);
        var blocked = new BlockedReader(stuck);
        var healthy = new RecordingReader();
        run.subscribe(blocked, 0);
        run.subscribe(healthy, 0);
        run.start(REQUEST);
        for (int i = 0; i < 50; i++) {
            provider.listener.onDelta("t" + i + " ");
            assertTrue(healthy.written.tryAcquire(5, TimeUnit.SECONDS), "frame " + i + " reached the healthy reader");
            if (i == 0) {
                // the stuck reader is inside its first write before the answer floods its queue; else it
                // may be dropped before its writer thread ever ran, and have been given nothing at all
                assertTrue(blocked.writing.await(5, TimeUnit.SECONDS), "the stuck reader's first write began");
            }
        }
        provider.listener.onComplete(new Completion(Usage.of(1, 50), "m", "stop"));
        run.close(MessageStatus.completed);

        assertTrue(healthy.awaitClosed(), "the other reader got everything while one was stuck in a write");
        assertEquals(53, healthy.frames.size());
        assertEquals("done", healthy.types().get(52));
        assertEquals(0, run.subscriberCount());
        assertFalse(blocked.closed, "the stuck reader is released only when its write returns");
        stuck.countDown();
        assertTrue(blocked.awaitClosed());
        assertEquals(1, blocked.delivered.get(), "a dropped reader gets nothing more");
    }

    @Test
    void aSentenceLimitEndsTheAnswerStopsTheUpstreamAndReplaysExactly() {
        var run = run(Runnable::run, 100);
        var workflow = new Workflow("w", "W", "", List.of(new Workflow.Step("s", "S", "be brief", null, 100, 2, false)));
        run.answering(new StepContext(workflow, 0, Map.of()), null);
        var reader = new RecordingReader();
        run.subscribe(reader, 0);
        run.start(REQUEST);
        for (String delta : List.of("One. ", "Two. ", "Three. ", "Four.")) {
            provider.listener.onDelta(delta);
        }
        run.close(MessageStatus.completed);

        assertEquals("One. Two.", stored.get(0).content(), "exactly two sentences are kept");
        assertEquals("sentence_limit", stored.get(0).finishReason());
        assertEquals(1, provider.cancels.get(), "the provider is stopped at the cut");
        assertEquals("One. Two.", ((StreamEvent.AiComplete) reader.frames.get(2).event()).accumulated());
        var replay = new RecordingReader();
        run.subscribe(replay, 0);
        assertEquals(reader.frames.stream().map(RunTest::text).toList(), replay.frames.stream().map(RunTest::text).toList());
    }

    @Test
    void aRunWithoutReadersCountsAsDetached() {
        var run = run(Runnable::run, 100);
        var reader = new RecordingReader();
        run.subscribe(reader, 0);
        run.start(REQUEST);
        reader.leave();
        provider.listener.onDelta("nobody reads this");
        assertFalse(run.detachedLongerThan(Duration.ofSeconds(1).toNanos()));
        ticker.advance(Duration.ofMillis(1100));
        assertTrue(run.detachedLongerThan(Duration.ofSeconds(1).toNanos()));
        run.subscribe(new RecordingReader(), 0);
        assertFalse(run.detachedLongerThan(Duration.ofSeconds(1).toNanos()), "a reader back within the grace keeps it");
    }

    /** The frame as it goes out, byte for byte. */
    static String text(Frame frame) {
        return new String(frame.sse(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An admitted run: its send's rows are committed. */
    private Run run(java.util.concurrent.Executor delivery, long maxLag) {
        var run = unadmitted(delivery, maxLag);
        run.admitted();
        return run;
    }

    private Run unadmitted(java.util.concurrent.Executor delivery, long maxLag) {
        return new Run("run", "thread", "answer", new Owner("o", "u"), provider, (r, outcome) -> stored.add(outcome),
                ticker, ticker.nanos(), new Readers.Settings(delivery, maxLag));
    }

    @Test
    void anAnswerThatEndsBeforeItsSendIsCommittedIsStoredOnceItIs() {
        var run = unadmitted(Runnable::run, 100);
        run.start(REQUEST);
        provider.listener.onDelta("Quick");
        provider.listener.onComplete(new Completion(Usage.of(3, 1), "m", "stop"));
        assertEquals(List.of(), stored, "no answer row to store it in yet");
        var reader = new RecordingReader();
        run.subscribe(reader, 0);
        run.admitted();
        assertEquals(1, stored.size());
        assertEquals("Quick", stored.get(0).content());
        run.close(MessageStatus.completed);
        assertEquals(List.of("ai_response", "ai_response", "metadata", "done"), reader.types(), "the reader gets it all from the start");
    }

    @Test
    void aRunWhoseSendWasNotCommittedCancelsItsUpstreamAndStoresNothing() {
        var run = unadmitted(Runnable::run, 100);
        run.start(REQUEST);
        provider.listener.onDelta("Too");
        run.abandon();
        assertEquals(1, provider.cancels.get(), "the provider request is cancelled");
        provider.listener.onDelta(" late");
        provider.listener.onComplete(new Completion(Usage.of(3, 2), "m", "stop"));
        run.admitted();
        assertEquals(List.of(), stored);
        assertTrue(run.finished());

        var ended = unadmitted(Runnable::run, 100);
        ended.start(REQUEST);
        provider.listener.onComplete(new Completion(Usage.of(3, 0), "m", "stop"));
        ended.abandon();
        ended.admitted();
        assertEquals(List.of(), stored, "an outcome held for the commit is dropped with it");
    }

    static final class FakeProvider implements ChatProvider {
        volatile GenerationListener listener;
        final AtomicInteger cancels = new AtomicInteger();

        @Override public String name() { return "fake"; }
        @Override public String model() { return "fake-model"; }

        @Override
        public UpstreamCall start(GenerationRequest request, GenerationListener listener) {
            this.listener = listener;
            return cancels::incrementAndGet;
        }
    }

    static class RecordingReader implements Subscriber {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch closedLatch = new CountDownLatch(1);
        final Semaphore written = new Semaphore(0);
        volatile boolean closed;
        volatile boolean gone;

        @Override
        public boolean deliver(Frame frame) {
            if (gone) {
                return false;
            }
            frames.add(frame);
            written.release();
            return true;
        }

        @Override public boolean ping() { return !gone; }

        @Override
        public void close() {
            closed = true;
            closedLatch.countDown();
        }

        void leave() { gone = true; }

        boolean awaitClosed() throws InterruptedException { return closedLatch.await(5, TimeUnit.SECONDS); }

        List<String> types() {
            var types = new ArrayList<String>();
            frames.forEach(frame -> types.add(frame.event().type()));
            return types;
        }

        long count(String type) {
            return types().stream().filter(type::equals).count();
        }
    }

    /** A client whose socket is full: its first write blocks until the test lets it go. */
    static final class BlockedReader extends RecordingReader {
        private final CountDownLatch release;
        final AtomicInteger delivered = new AtomicInteger();
        final CountDownLatch writing = new CountDownLatch(1);

        BlockedReader(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public boolean deliver(Frame frame) {
            delivered.incrementAndGet();
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.deliver(frame);
        }
    }
}
