package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * How the index and the scoring see words: Lucene's standard tokenizer, lower case, without the
 * stop words below. Hibernate Search analyses chunks and questions with it, and {@link #keywords}
 * gives the same words, with their stems, to the scoring.
 */
public class ProseAnalysis implements LuceneAnalysisConfigurer {

    /** Words too common to say anything about a passage. */
    public static final CharArraySet STOP_WORDS = new CharArraySet(List.of("a", "an", "and", "are", "as", "at", "be", "but",
            "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "into", "is", "it", "its", "my", "no",
            "not", "of", "on", "or", "our", "so", "such", "that", "the", "their", "then", "there", "these", "they",
            "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your"), true);

    private static final Analyzer ANALYZER = new StandardAnalyzer(STOP_WORDS);
    /** The same words cut to their stems (Porter), for matching a question's words in any of their forms. */
    private static final Analyzer STEMMING = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            var source = new StandardTokenizer();
            return new TokenStreamComponents(source, new PorterStemFilter(new StopFilter(new LowerCaseFilter(source), STOP_WORDS)));
        }
    };

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        context.analyzer(KbChunk.ANALYZER).instance(new StandardAnalyzer(STOP_WORDS));
    }

    /**
     * A word of a question as the scoring looks for it in a passage: its stem, which finds it in
     * any form, or the word as written, because Porter's stems are not always the start of the
     * word ("many" stems to "mani", "policy" to "polici").
     */
    public record Keyword(String stem, String word) {
    }

    /** The distinct stems of a text's words, each with the first word that gave it. */
    public static List<Keyword> keywords(String text) {
        var words = tokens(ANALYZER, text);
        var stems = tokens(STEMMING, text);
        var keywords = new ArrayList<Keyword>();
        for (int i = 0; i < stems.size(); i++) {
            String stem = stems.get(i);
            if (keywords.stream().noneMatch(keyword -> keyword.stem().equals(stem))) {
                keywords.add(new Keyword(stem, words.get(i)));
            }
        }
        return keywords;
    }

    /** Every token in order: both analyzers split and drop stop words alike, so their tokens pair up. */
    private static List<String> tokens(Analyzer analyzer, String text) {
        var terms = new ArrayList<String>();
        try (var stream = analyzer.tokenStream("text", text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
