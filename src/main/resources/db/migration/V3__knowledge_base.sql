-- The knowledge base: collections of documents per organisation, split into chunks that carry
-- their organisation and security level so that search filters on them inside the query.

CREATE TABLE kb_collection (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    org_id       VARCHAR(255) NOT NULL,
    slug         VARCHAR(200) NOT NULL,
    name         VARCHAR(500) NOT NULL,
    description  VARCHAR(4000),
    is_public    BOOLEAN      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT kb_collection_slug UNIQUE (org_id, slug)
);

CREATE TABLE kb_document (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    collection_id  VARCHAR(36)  NOT NULL REFERENCES kb_collection (id) ON DELETE CASCADE,
    org_id         VARCHAR(255) NOT NULL,
    title          VARCHAR(500) NOT NULL,
    url            VARCHAR(2000),
    content_type   VARCHAR(100) NOT NULL,
    security_level INTEGER      NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    chunk_count    INTEGER      NOT NULL,
    error          VARCHAR(2000),
    content_hash   VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX kb_document_collection ON kb_document (collection_id, content_hash);

CREATE TABLE kb_chunk (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    document_id    VARCHAR(36)  NOT NULL REFERENCES kb_document (id) ON DELETE CASCADE,
    collection_id  VARCHAR(36)  NOT NULL,
    org_id         VARCHAR(255) NOT NULL,
    security_level INTEGER      NOT NULL,
    ordinal        INTEGER      NOT NULL,
    title          VARCHAR(1000) NOT NULL,
    text           VARCHAR(16000) NOT NULL,
    -- the chunk's embedding, 384 little-endian floats, base64: rebuilds the index without re-embedding
    embedding      VARCHAR(4000) NOT NULL
);

CREATE INDEX kb_chunk_document ON kb_chunk (document_id);

-- the sources an answer cites, in the order of its [n] markers
CREATE TABLE message_citation (
    message_id   VARCHAR(36)  NOT NULL REFERENCES chat_message (id) ON DELETE CASCADE,
    idx          INTEGER      NOT NULL,
    document_id  VARCHAR(36)  NOT NULL,
    chunk_id     VARCHAR(36)  NOT NULL,
    title        VARCHAR(1000) NOT NULL,
    url          VARCHAR(2000),
    snippet      VARCHAR(2000) NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (message_id, idx)
);
