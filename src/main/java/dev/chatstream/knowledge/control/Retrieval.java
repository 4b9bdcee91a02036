package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.knowledge.entity.Vectors;
import dev.chatstream.platform.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import org.hibernate.Session;

/**
 * Hybrid search: the BM25 top 50 and the kNN top 50 (both filtered inside the query), merged,
 * each candidate scored on the calibrated 0..1 scale ({@link Scoring}, which counts its BM25 rank), those under minScore
 * dropped, the best topK kept, with their documents' URLs.
 */
public final class Retrieval {

    public enum Mode { hybrid, vector, keyword }

    /**
     * Hits each search contributes. Fewer would be faster (HNSW widens its search with it: at
     * 100,000 chunks the filtered kNN takes 3.5 ms for 20 against 6.9 ms for 50) but miss the
     * nearest passage far more often (docs/knowledge.md, "Speed on a 2-core AMD EPYC").
     */
    public static final int CANDIDATES = 50;

    private final Database database;
    private final Embedder embedder;

    public Retrieval(Database database, Embedder embedder) {
        this.database = database;
        this.embedder = embedder;
    }

    public List<Passage> search(ChunkSearch.Scope scope, String question, int topK, double minScore, Mode mode) {
        float[] query = embedder.embedQuestion(question);
        var keywords = ProseAnalysis.keywords(question);
        return database.fromTransaction(session -> {
            var search = new ChunkSearch(session);
            var candidates = new LinkedHashMap<String, ChunkSearch.Hit>();
            var keywordRanks = new HashMap<String, Integer>();
            if (mode != Mode.keyword) {
                search.vector(query, scope, CANDIDATES).forEach(hit -> candidates.putIfAbsent(hit.chunkId(), hit));
            }
            if (mode != Mode.vector) {
                for (var hit : search.keyword(question, scope, CANDIDATES)) {
                    candidates.putIfAbsent(hit.chunkId(), hit);
                    keywordRanks.put(hit.chunkId(), keywordRanks.size() + 1);
                }
            }
            var scored = new ArrayList<Scored>();
            for (var hit : candidates.values()) {
                double evidence = Scoring.evidence(Vectors.cosine(query, hit.vector()), Scoring.coverage(keywords, hit.title(), hit.text()),
                        keywordRanks.getOrDefault(hit.chunkId(), 0));
                double score = round(Scoring.score(evidence));
                if (score >= minScore) {
                    scored.add(new Scored(hit, evidence, score));
                }
            }
            scored.sort(Comparator.comparingDouble(Scored::evidence).reversed());
            var kept = scored.subList(0, Math.min(topK, scored.size()));
            var urls = urls(session, kept);
            return kept.stream().map(s -> new Passage(s.hit().chunkId(), s.hit().documentId(), s.hit().title(),
                    urls.get(s.hit().documentId()), s.hit().text(), s.score())).toList();
        });
    }

    private record Scored(ChunkSearch.Hit hit, double evidence, double score) {
    }

    private static HashMap<String, String> urls(Session session, List<Scored> kept) {
        var urls = new HashMap<String, String>();
        if (!kept.isEmpty()) {
            session.createSelectionQuery("select d.id, d.url from KbDocument d where d.id in :ids and d.url is not null", Object[].class)
                    .setParameter("ids", kept.stream().map(s -> s.hit().documentId()).distinct().toList())
                    .getResultList()
                    .forEach(row -> urls.put((String) row[0], (String) row[1]));
        }
        return urls;
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
