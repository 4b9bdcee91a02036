package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.search.engine.search.common.ValueModel;
import org.hibernate.search.engine.search.predicate.SearchPredicate;
import org.hibernate.search.engine.search.projection.SearchProjection;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.scope.SearchScope;

/**
 * The two searches of hybrid retrieval through Hibernate Search: BM25 over text and title, and
 * kNN over the embeddings, each with the organisation, collection and clearance filter inside the
 * query (so that the top n are the top n the caller may read), each reading back what scoring needs.
 */
public final class ChunkSearch {

    /** Whose chunks a search may return. */
    public record Scope(String orgId, String collectionId, int clearance) {
    }

    /** A chunk as found: its stored fields and its embedding. */
    public record Hit(String chunkId, String documentId, String title, String text, float[] vector) {
    }

    private final SearchScope<KbChunk> scope;
    private final Session session;

    public ChunkSearch(Session session) {
        this.session = session;
        this.scope = Search.session(session).scope(KbChunk.class);
    }

    public List<Hit> keyword(String question, Scope filter, int count) {
        var f = scope.predicate();
        var words = f.match().field("text").field("title").boost(0.5f).matching(question).toPredicate();
        return fetch(f.bool().must(words).filter(filter(filter)).toPredicate(), count);
    }

    public List<Hit> vector(float[] question, Scope filter, int count) {
        var f = scope.predicate();
        return fetch(f.knn(count).field("vector").matching(question).filter(filter(filter)).toPredicate(), count);
    }

    private SearchPredicate filter(Scope filter) {
        var f = scope.predicate();
        return f.bool()
                .filter(f.match().field("orgId").matching(filter.orgId()))
                .filter(f.match().field("collectionId").matching(filter.collectionId()))
                .filter(f.range().field("securityLevel").atMost(filter.clearance()))
                .toPredicate();
    }

    private List<Hit> fetch(SearchPredicate predicate, int count) {
        return Search.session(session).search(scope).select(hit()).where(predicate).fetchHits(count);
    }

    private SearchProjection<Hit> hit() {
        var f = scope.projection();
        return f.composite()
                .from(f.id(String.class), f.field("documentId", String.class), f.field("title", String.class),
                        f.field("text", String.class), f.field("vector", float[].class, ValueModel.INDEX))
                .asList(values -> new Hit((String) values.get(0), (String) values.get(1), (String) values.get(2),
                        (String) values.get(3), (float[]) values.get(4)))
                .toProjection();
    }
}
