package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.knowledge.entity.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Hybrid search: the BM25 top 50 and the kNN top 50 (both filtered inside the query), merged,
 * each candidate scored on the calibrated 0..1 scale ({@link Scoring}), those under minScore
 * dropped, the best topK kept.
 */
public final class Retrieval {

    public enum Mode { hybrid, vector, keyword }

    static final int CANDIDATES = 50;

    private final SearchIndex index;
    private final Embedder embedder;

    Retrieval(SearchIndex index, Embedder embedder) {
        this.index = index;
        this.embedder = embedder;
    }

    public List<Passage> search(SearchIndex.Scope scope, String question, int topK, double minScore, Mode mode) {
        float[] query = embedder.embed(question);
        var candidates = new LinkedHashMap<String, SearchIndex.Hit>();
        if (mode != Mode.keyword) {
            index.vector(query, scope, CANDIDATES).forEach(hit -> candidates.putIfAbsent(hit.chunkId(), hit));
        }
        if (mode != Mode.vector) {
            index.keyword(question, scope, CANDIDATES).forEach(hit -> candidates.putIfAbsent(hit.chunkId(), hit));
        }
        var terms = index.terms(question);
        var passages = new ArrayList<Passage>();
        for (var hit : candidates.values()) {
            double score = Scoring.score(Vectors.cosine(query, hit.vector()), Scoring.coverage(terms, hit.title(), hit.text()));
            if (score >= minScore) {
                passages.add(new Passage(hit.chunkId(), hit.documentId(), hit.title(), hit.url(), hit.text(), round(score)));
            }
        }
        passages.sort(Comparator.comparingDouble(Passage::score).reversed());
        return passages.subList(0, Math.min(topK, passages.size()));
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
