package dev.chatstream.threads.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.knowledge.control.KnowledgeEntities;
import dev.chatstream.platform.Database;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.entity.ChatThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sends admitted together on a real (H2) database: they share commits, and each is kept or refused alone. */
class ExchangesTest {

    static final Owner OWNER = new Owner("acme", "ada");
    static Database database;
    static Exchanges exchanges;

    @BeforeAll
    static void open() throws Exception {
        Path folder = Files.createTempDirectory("exchanges-test");
        database = new Database("jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=0", "sa", "", 8,
                folder.resolve("index").toString(), null, List.of(new KnowledgeEntities(), new ThreadEntities()));
        exchanges = new Exchanges(database, 32000);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static String newThread() {
        var thread = new ChatThread(OWNER, "t", null, null);
        database.inTransaction(session -> session.persist(thread));
        return thread.id();
    }

    /** A send read and admitted, as RunService does it (read again when the thread changed meanwhile). */
    static Exchanges.Begun begin(Owner owner, String thread, String content, String runId) {
        while (true) {
            var admission = exchanges.send(owner, thread, content, runId);
            if (exchanges.admit(admission)) {
                return admission.begun();
            }
        }
    }

    @Test
    void aSendReadBeforeAnotherWonTheThreadIsNotAdmittedAndWritesNothing() {
        String thread = newThread();
        var first = exchanges.send(OWNER, thread, "first", UUID.randomUUID().toString());
        var second = exchanges.send(OWNER, thread, "second", UUID.randomUUID().toString());
        assertEquals(true, exchanges.admit(first));
        assertEquals(false, exchanges.admit(second), "the thread is no longer as the second send read it");
        assertEquals(List.of("first", ""), contents(thread));
        var refused = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> exchanges.send(OWNER, thread, "second", UUID.randomUUID().toString()));
        assertEquals(409, refused.status(), "read again, the thread is busy");
    }

    /** H2's own migration ran (db/vendor/h2): the text is a CLOB, kept out of the row, and reads back whole. */
    @Test
    void onH2TheAnswerTextIsKeptOutOfTheRow() {
        String type = database.fromTransaction(session -> session.createNativeQuery("""
                select data_type from information_schema.columns
                where table_name = 'CHAT_MESSAGE' and column_name = 'CONTENT'""", String.class).getSingleResult());
        assertEquals("CHARACTER LARGE OBJECT", type);
        String content = "x".repeat(20_000);
        var begun = begin(OWNER, newThread(), content, UUID.randomUUID().toString());
        assertEquals(content, exchanges.stored(begun.question().id()).content());
    }

    @Test
    void sendsReleasedTogetherAreEachKeptOrRefusedAlone() throws Exception {
        int threads = 12;
        var idle = new ArrayList<String>();
        var busy = new ArrayList<String>();
        for (int i = 0; i < threads; i++) {
            idle.add(newThread());
            String taken = newThread();
            begin(OWNER, taken, "first", UUID.randomUUID().toString());
            busy.add(taken);
        }
        var barrier = new CyclicBarrier(3 * threads);
        var pool = Executors.newFixedThreadPool(3 * threads);
        var admitted = new ArrayList<Future<Exchanges.Begun>>();
        var refused = new ArrayList<Future<Exchanges.Begun>>();
        for (int i = 0; i < threads; i++) {
            String thread = idle.get(i);
            String taken = busy.get(i);
            admitted.add(pool.submit(() -> {
                barrier.await();
                return begin(OWNER, thread, "hello " + thread, UUID.randomUUID().toString());
            }));
            refused.add(pool.submit(() -> {
                barrier.await();
                return begin(OWNER, taken, "second", UUID.randomUUID().toString());
            }));
            refused.add(pool.submit(() -> {
                barrier.await();
                return begin(new Owner("acme", "mallory"), thread, "not mine", UUID.randomUUID().toString());
            }));
        }
        for (int i = 0; i < threads; i++) {
            assertEquals("hello " + idle.get(i), admitted.get(i).get().question().content());
        }
        var statuses = new ArrayList<Integer>();
        for (var future : refused) {
            try {
                future.get();
                statuses.add(200);
            } catch (java.util.concurrent.ExecutionException e) {
                statuses.add(((ProblemException) e.getCause()).status());
            }
        }
        assertEquals(threads, statuses.stream().filter(status -> status == 409).count(), "a busy thread refuses the send");
        assertEquals(threads, statuses.stream().filter(status -> status == 404).count(), "another user's thread is not found");
        pool.shutdown();

        for (int i = 0; i < threads; i++) {
            String thread = idle.get(i);
            String taken = busy.get(i);
            assertEquals(List.of("hello " + thread, ""), contents(thread), "the admitted send's question and answer, nothing else");
            assertEquals(List.of("first", ""), contents(taken), "the refused send left nothing");
        }
    }

    @Test
    void checkpointsAndEndingsOfTheSameAnswersNeverDeadlock() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 10; round++) {
            var answers = new java.util.HashMap<String, String>();
            var endings = new ArrayList<Exchanges.Ending>();
            for (int i = 0; i < 40; i++) {
                String thread = newThread();
                String run = UUID.randomUUID().toString();
                var begun = begin(OWNER, thread, "q", run);
                answers.put(begun.answerId(), "partial " + i);
                endings.add(new Exchanges.Ending(thread, run, begun.answerId(), new dev.chatstream.threads.entity.RunOutcome(
                        "whole " + i, dev.chatstream.threads.entity.MessageStatus.completed, "p", "m", null, 1L, 2L, "stop", null,
                        null, List.of()), null, 0));
            }
            java.util.Collections.reverse(endings);
            var barrier = new CyclicBarrier(2);
            var checkpoint = pool.submit(() -> {
                barrier.await();
                exchanges.checkpoint(answers);
                return null;
            });
            var finish = pool.submit(() -> {
                barrier.await();
                return exchanges.finish(endings);
            });
            checkpoint.get();
            finish.get();
        }
        pool.shutdown();
    }

    static List<String> contents(String threadId) {
        return database.fromTransaction(session -> session.createSelectionQuery(
                        "select m.content from ChatMessage m where m.threadId = :thread order by m.position", String.class)
                .setParameter("thread", threadId).getResultList());
    }
}
