-- Which model made each chunk's embedding: a chunk embedded by another model than the one the
-- server runs is embedded again at start, so that changing the model re-indexes every
-- collection. The chunks stored so far were all embedded by all-MiniLM-L6-v2 (quantized).
ALTER TABLE kb_chunk ADD COLUMN embedding_model VARCHAR(100) DEFAULT 'all-minilm-l6-v2-q' NOT NULL;
