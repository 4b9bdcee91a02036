package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of every chunk: BM25 over text and title, kNN over the embeddings, and the
 * organisation, collection and security level as filters inside both queries. Writes are
 * committed and made visible before they return, so a deleted document is out of search at once.
 */
public final class SearchIndex implements AutoCloseable {

    /** Words too common to say anything about a passage. */
    public static final CharArraySet STOP_WORDS = new CharArraySet(List.of("a", "an", "and", "are", "as", "at", "be", "but",
            "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "into", "is", "it", "its", "my", "no",
            "not", "of", "on", "or", "our", "so", "such", "that", "the", "their", "then", "there", "these", "they",
            "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your"), true);

    /** A hit before scoring: the stored fields and the chunk's embedding. */
    public record Hit(String chunkId, String documentId, String title, String url, String text, float[] vector) {
    }

    /** Who may see what: the query never looks outside this. */
    public record Scope(String orgId, String collectionId, int clearance) {
    }

    private final Analyzer analyzer = new StandardAnalyzer(STOP_WORDS);
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final boolean created;

    public SearchIndex(Path folder) {
        try {
            directory = FSDirectory.open(folder);
            created = !DirectoryReader.indexExists(directory);
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setRAMBufferSizeMB(64));
            writer.commit();
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the search index in " + folder, e);
        }
    }

    /** True when the folder held no index: the caller rebuilds it from the database. */
    public boolean created() {
        return created;
    }

    public void add(List<KbChunk> chunks, String url) {
        try {
            for (KbChunk chunk : chunks) {
                writer.addDocument(document(chunk, url));
            }
            publish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a rebuild: adds without making visible; call {@link #publish()} at the end. */
    public void addQuietly(KbChunk chunk, String url) {
        try {
            writer.addDocument(document(chunk, url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteDocument(String documentId) {
        try {
            writer.deleteDocuments(new Term("document", documentId));
            publish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void publish() {
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Hit> keyword(String question, Scope scope, int count) {
        var words = new BooleanQuery.Builder();
        for (String term : terms(question)) {
            words.add(new TermQuery(new Term("text", term)), BooleanClause.Occur.SHOULD);
            words.add(new BoostQuery(new TermQuery(new Term("title", term)), 0.5f), BooleanClause.Occur.SHOULD);
        }
        var query = new BooleanQuery.Builder()
                .add(words.build(), BooleanClause.Occur.MUST)
                .add(filter(scope), BooleanClause.Occur.FILTER)
                .build();
        return search(query, count);
    }

    public List<Hit> vector(float[] question, Scope scope, int count) {
        return search(new KnnFloatVectorQuery("vector", question, count, filter(scope)), count);
    }

    /** The question's words as the index sees them: lower case, no stop words. */
    public List<String> terms(String text) {
        var terms = new ArrayList<String>();
        try (var stream = analyzer.tokenStream("text", text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (!terms.contains(term.toString())) {
                    terms.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private static Query filter(Scope scope) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term("org", scope.orgId())), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("collection", scope.collectionId())), BooleanClause.Occur.FILTER)
                .add(IntPoint.newRangeQuery("level", Integer.MIN_VALUE, scope.clearance()), BooleanClause.Occur.FILTER)
                .build();
    }

    private List<Hit> search(Query query, int count) {
        try {
            var searcher = searchers.acquire();
            try {
                var hits = new ArrayList<Hit>();
                var stored = searcher.storedFields();
                for (var scored : searcher.search(query, count).scoreDocs) {
                    var document = stored.document(scored.doc);
                    hits.add(new Hit(document.get("id"), document.get("document"), document.get("title"),
                            document.get("url"), document.get("text"), Vectors.floats(document.getBinaryValue("vec").bytes)));
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document document(KbChunk chunk, String url) {
        var document = new Document();
        float[] vector = chunk.vector();
        document.add(new StringField("id", chunk.id(), Field.Store.YES));
        document.add(new StringField("document", chunk.documentId(), Field.Store.YES));
        document.add(new StringField("org", chunk.orgId(), Field.Store.NO));
        document.add(new StringField("collection", chunk.collectionId(), Field.Store.NO));
        document.add(new IntPoint("level", chunk.securityLevel()));
        document.add(new TextField("title", chunk.title(), Field.Store.YES));
        document.add(new TextField("text", chunk.text(), Field.Store.YES));
        if (url != null) {
            document.add(new StoredField("url", url));
        }
        document.add(new KnnFloatVectorField("vector", vector, VectorSimilarityFunction.COSINE));
        document.add(new StoredField("vec", Vectors.bytes(vector)));
        return document;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
