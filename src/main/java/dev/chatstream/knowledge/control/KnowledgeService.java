package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.DocumentStatus;
import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.knowledge.entity.Views.CollectionView;
import dev.chatstream.knowledge.entity.Views.DocumentView;
import dev.chatstream.knowledge.entity.Views.PublicCollection;
import dev.chatstream.platform.Database;
import dev.chatstream.platform.Startup;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.control.Caller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.search.mapper.orm.Search;

/**
 * Collections and documents per organisation. Writes need the admin group (403); another
 * organisation's collection is as good as missing (404). A document is stored pending and
 * ingested on the {@link IngestionLanes}: parsed, chunked, embedded, indexed, then marked indexed
 * (or failed, with the reason).
 */
@ApplicationScoped
public class KnowledgeService {

    private static final Logger LOG = Logger.getLogger(KnowledgeService.class.getName());
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final int MAX_SECURITY_LEVEL = 100;
    static final String INTERRUPTED = "The server stopped while reading the document; upload it again";
    /** What a 503 advises when the documents waiting to be read fill the ingestion budget. */
    static final long BUSY_RETRY_AFTER_SECONDS = 5;

    private final Database database;
    private final Embedder embedder;
    private final IngestionLanes lanes;
    /**
     * Bytes of uploaded content held until their documents are read: an upload is kept in memory
     * until its ingestion ends, so without a bound a client could queue uploads until the heap is
     * full; over it, an upload gets 503 with Retry-After and nothing is stored.
     */
    private final Semaphore ingestionBudget;
    private final int ingestionBudgetBytes;
    private final Instant started;

    @Inject
    public KnowledgeService(Database database, Embedder embedder, IngestionLanes lanes,
                            @ConfigProperty(name = "CHAT_INGEST_QUEUE_BYTES") int ingestionBudgetBytes) {
        this.database = database;
        this.embedder = embedder;
        this.lanes = lanes;
        this.ingestionBudgetBytes = ingestionBudgetBytes;
        this.ingestionBudget = new Semaphore(ingestionBudgetBytes);
        this.started = Instant.now();
    }

    /**
     * Ingestion reads a document in memory, so one still pending from before this start lost its
     * content with the server that was reading it: it fails, with its partial chunks removed, and
     * the same upload is taken again (a failed document is not a duplicate).
     */
    void onStart(@Observes @Priority(Startup.ORDER + 400) Startup.Starting event) {
        database.inTransaction(session -> session.createSelectionQuery(
                        "from KbDocument d where d.status = :pending and d.createdAt < :started", KbDocument.class)
                .setParameter("pending", DocumentStatus.pending)
                .setParameter("started", started)
                .getResultList()
                .forEach(document -> {
                    removeChunks(session, document.id());
                    document.failed(INTERRUPTED);
                    LOG.warning(() -> "Document " + document.id() + " was still being ingested when the server stopped; marked failed");
                }));
    }

    protected KnowledgeService() {
        this(null, null, null, 0);
    }

    /**
     * A document to add: its bytes as uploaded, or the JSON content as UTF-8.
     *
     * @param contentType as the client declared it, or null
     * @param fileName    the uploaded file's name, which implies a type when none is declared; null for JSON
     */
    public record NewDocument(String title, String url, String contentType, String fileName, byte[] content,
                              int securityLevel) {
    }

    public CollectionView createCollection(Caller caller, String slug, String name, String description, boolean isPublic) {
        requireAdmin(caller);
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw ProblemException.badRequest("slug must be 1-64 lower-case letters, digits and dashes");
        }
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name must not be blank");
        }
        try {
            return database.fromTransaction(session -> {
                if (find(session, caller.owner().orgId(), slug) != null) {
                    throw ProblemException.conflict("A collection with this slug exists", Map.of("slug", slug));
                }
                if (isPublic && findPublic(session, slug) != null) {
                    throw publishedElsewhere(slug);
                }
                var collection = new KbCollection(caller.owner().orgId(), slug, name, description, isPublic);
                session.persist(collection);
                return view(collection, 0);
            });
        } catch (ConstraintViolationException raced) {
            // the same slug created or published at the same moment: the unique constraints decided
            throw isPublic ? publishedElsewhere(slug) : ProblemException.conflict("A collection with this slug exists", Map.of("slug", slug));
        }
    }

    private static ProblemException publishedElsewhere(String slug) {
        return ProblemException.conflict("Another organisation has published a collection with this slug", Map.of("slug", slug));
    }

    /** The public collection {@code slug}, whichever organisation published it: what the widget answers from. */
    public Optional<PublicCollection> publicCollection(String slug) {
        return Optional.ofNullable(database.fromTransaction(session -> findPublic(session, slug)))
                .map(collection -> new PublicCollection(collection.orgId(), collection.slug(), collection.name()));
    }

    private static KbCollection findPublic(Session session, String slug) {
        return session.createSelectionQuery("from KbCollection c where c.publicSlug = :slug", KbCollection.class)
                .setParameter("slug", slug).uniqueResult();
    }

    public List<CollectionView> collections(Caller caller) {
        return database.fromTransaction(session -> session.createSelectionQuery(
                        "select c, (select count(d) from KbDocument d where d.collectionId = c.id) from KbCollection c "
                                + "where c.orgId = :org order by c.slug", Object[].class)
                .setParameter("org", caller.owner().orgId())
                .getResultList().stream()
                .map(row -> view((KbCollection) row[0], (Long) row[1]))
                .toList());
    }

    public DocumentView addDocument(Caller caller, String slug, NewDocument document) {
        requireAdmin(caller);
        if (document.title() == null || document.title().isBlank()) {
            throw ProblemException.badRequest("title must not be blank");
        }
        if (document.content() == null || document.content().length == 0) {
            throw ProblemException.badRequest("content must not be empty");
        }
        if (document.securityLevel() < 0 || document.securityLevel() > MAX_SECURITY_LEVEL) {
            throw ProblemException.badRequest("securityLevel must be 0 to " + MAX_SECURITY_LEVEL);
        }
        String type = DocumentParser.type(document.contentType(), document.fileName());
        if (type == null) {
            throw ProblemException.badRequest("contentType must be one of " + DocumentParser.TYPES);
        }
        String hash = sha256(type, document.securityLevel(), document.content());
        // a document larger than the whole budget takes all of it, and waits for an empty queue
        int held = Math.min(document.content().length, ingestionBudgetBytes);
        var reserved = new AtomicBoolean();
        Added added;
        try {
            added = database.fromTransaction(session -> {
                var collection = owned(session, caller, slug);
                var same = session.createSelectionQuery("from KbDocument d where d.collectionId = :collection "
                                + "and d.contentHash = :hash and d.status <> :failed", KbDocument.class)
                        .setParameter("collection", collection.id())
                        .setParameter("hash", hash)
                        .setParameter("failed", DocumentStatus.failed)
                        .setMaxResults(1).getResultList();
                if (!same.isEmpty()) {
                    return new Added(same.get(0), false);
                }
                if (!ingestionBudget.tryAcquire(held)) {
                    throw ProblemException.unavailable("Too many documents are waiting to be read; try again shortly",
                            BUSY_RETRY_AFTER_SECONDS);
                }
                reserved.set(true);
                var created = new KbDocument(collection, document.title().trim(), document.url(), type, document.securityLevel(), hash);
                session.persist(created);
                return new Added(created, true);
            });
        } catch (RuntimeException e) {
            if (reserved.get()) {
                ingestionBudget.release(held);
            }
            throw e;
        }
        // a duplicate is indexed already or being read by the ingestion its own upload started
        if (added.created()) {
            queue(added.document(), document.content(), held);
        }
        return DocumentView.of(added.document());
    }

    /** Reads the document on the ingestion lanes; its {@code held} bytes of the budget are returned when it ends. */
    private void queue(KbDocument document, byte[] content, int held) {
        long queued = System.nanoTime();
        try {
            lanes.execute(() -> {
                try {
                    ingest(document, content, queued);
                } finally {
                    ingestionBudget.release(held);
                }
            });
        } catch (RuntimeException rejected) {
            ingestionBudget.release(held);
            throw rejected;
        }
    }

    private record Added(KbDocument document, boolean created) {
    }

    public List<DocumentView> documents(Caller caller, String slug) {
        return database.fromTransaction(session -> {
            var collection = owned(session, caller, slug);
            return session.createSelectionQuery("from KbDocument d where d.collectionId = :collection "
                            + "and (:admin = true or d.securityLevel <= :clearance) order by d.createdAt", KbDocument.class)
                    .setParameter("collection", collection.id())
                    .setParameter("admin", caller.admin())
                    .setParameter("clearance", caller.clearance())
                    .getResultList().stream().map(DocumentView::of).toList();
        });
    }

    public DocumentView document(Caller caller, String slug, String documentId) {
        return database.fromTransaction(session -> DocumentView.of(visibleDocument(session, caller, slug, documentId)));
    }

    public void deleteDocument(Caller caller, String slug, String documentId) {
        requireAdmin(caller);
        database.inTransaction(session -> {
            var document = visibleDocument(session, caller, slug, documentId);
            removeChunks(session, document.id());
            session.remove(document);
        });
    }

    /** A bulk delete bypasses Hibernate Search: the chunks leave the index by id, at the same commit. */
    private static void removeChunks(Session session, String documentId) {
        var indexing = Search.session(session).indexingPlan();
        session.createSelectionQuery("select c.id from KbChunk c where c.documentId = :document", String.class)
                .setParameter("document", documentId)
                .getResultList()
                .forEach(chunk -> indexing.purge(KbChunk.class, chunk, null));
        session.createMutationQuery("delete from KbChunk c where c.documentId = :document")
                .setParameter("document", documentId).executeUpdate();
    }

    /** Search within what the caller may read: their organisation and clearance, inside the query. */
    public List<Passage> search(Caller caller, String slug, String question, int topK, double minScore, Retrieval.Mode mode) {
        var collection = database.fromTransaction(session -> owned(session, caller, slug));
        return retrieval().search(scope(collection, caller), question, topK, minScore, mode);
    }

    /** What a thread answering from collection {@code slug} finds for a question: topK 5, minScore 0.7, hybrid. */
    public List<Passage> retrieve(Caller caller, String slug, String question) {
        var collection = database.fromTransaction(session -> find(session, caller.owner().orgId(), slug));
        if (collection == null) {
            return List.of();
        }
        return retrieval().search(scope(collection, caller), question, 5, 0.7, Retrieval.Mode.hybrid);
    }

    /** 400 unless the caller's organisation has collection {@code slug}: for threads created to answer from it. */
    public void requireCollection(Caller caller, String slug) {
        if (database.fromTransaction(session -> find(session, caller.owner().orgId(), slug)) == null) {
            throw ProblemException.badRequest("Unknown collection: " + slug);
        }
    }

    Retrieval retrieval() {
        return new Retrieval(database, embedder);
    }

    private void ingest(KbDocument document, byte[] content, long queued) {
        long started = System.nanoTime();
        try {
            var sections = DocumentParser.parse(document.contentType(), content, document.title());
            var pieces = Chunker.chunks(sections);
            var vectors = embedder.embedAll(pieces.stream().map(Chunker.Chunk::embeddedText).toList());
            var chunks = new ArrayList<KbChunk>();
            for (int i = 0; i < pieces.size(); i++) {
                chunks.add(new KbChunk(document, i, pieces.get(i).title(), pieces.get(i).text(), vectors.get(i),
                    embedder.model().name()));
            }
            if (chunks.isEmpty()) {
                throw new IllegalArgumentException("the document has no text");
            }
            // Two commits, chunks then status: the database commits before Hibernate Search's read-sync
            // refresh has finished, and "indexed" must mean searchable. A document deleted while it
            // was being read keeps nothing.
            database.inTransaction(session -> {
                if (session.find(KbDocument.class, document.id()) != null) {
                    chunks.forEach(session::persist);
                }
            });
            database.inTransaction(session -> {
                var stored = session.find(KbDocument.class, document.id());
                if (stored != null) {
                    stored.indexed(chunks.size());
                }
            });
            LOG.info(() -> "Document " + document.id() + " indexed: " + chunks.size() + " chunks in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms, after " + (started - queued) / 1_000_000 + " ms queued");
        } catch (Exception | Error e) {
            // an Error too (a parser's StackOverflowError, OutOfMemoryError): else the document stays pending for ever
            LOG.log(Level.WARNING, "Could not ingest document " + document.id(), e);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            database.inTransaction(session -> {
                var stored = session.find(KbDocument.class, document.id());
                if (stored != null) {
                    stored.failed("Could not read the document: " + reason);
                }
            });
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /** What the caller may read of a collection: the filters every search query carries. */
    private static ChunkSearch.Scope scope(KbCollection collection, Caller caller) {
        return new ChunkSearch.Scope(collection.orgId(), collection.id(), caller.clearance());
    }

    private static KbDocument visibleDocument(Session session, Caller caller, String slug, String documentId) {
        var collection = owned(session, caller, slug);
        var document = session.find(KbDocument.class, documentId);
        if (document == null || !document.collectionId().equals(collection.id())
                || !caller.admin() && document.securityLevel() > caller.clearance()) {
            throw ProblemException.notFound("Document");
        }
        return document;
    }

    /** The caller's organisation's collection; 404 otherwise. */
    public static KbCollection owned(Session session, Caller caller, String slug) {
        var collection = find(session, caller.owner().orgId(), slug);
        if (collection == null) {
            throw ProblemException.notFound("Collection");
        }
        return collection;
    }

    public static KbCollection find(Session session, String orgId, String slug) {
        return session.createSelectionQuery("from KbCollection c where c.orgId = :org and c.slug = :slug", KbCollection.class)
                .setParameter("org", orgId).setParameter("slug", slug)
                .uniqueResult();
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ProblemException(403, "Managing the knowledge base needs the admin group", null, Map.of());
        }
    }

    private static CollectionView view(KbCollection collection, long documents) {
        return new CollectionView(collection.slug(), collection.name(), collection.description(), collection.isPublic(), documents);
    }

    private static String sha256(String type, int level, byte[] content) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((type + "|" + level + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
