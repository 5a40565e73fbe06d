-- +goose Up

-- Trigram similarity suggests existing claims when a new one is made.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- What a URL import keeps about the article.
ALTER TABLE articles
    ADD COLUMN byline        text,
    ADD COLUMN publisher     text,
    ADD COLUMN published_at  timestamptz,
    ADD COLUMN canonical_url text,
    ADD COLUMN original_url  text,
    ADD COLUMN search        tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED;
CREATE INDEX articles_search ON articles USING gin (search);

-- Content may return to what an older version had (an edit undone): that is
-- a new version too, so a hash is no longer unique per article.
ALTER TABLE article_versions DROP CONSTRAINT article_versions_article_id_content_hash_key;
CREATE INDEX article_versions_hash ON article_versions (article_id, content_hash);

ALTER TABLE article_versions
    ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', left(text, 500000))) STORED;
CREATE INDEX article_versions_search ON article_versions USING gin (search);

-- Claims: the checkable statements, shared by the highlights that quote them.
CREATE TABLE claims (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    statement    text NOT NULL CHECK (statement <> ''),
    claimant     text NOT NULL DEFAULT '',
    claim_date   date,
    created_by   uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1,
    search       tsvector GENERATED ALWAYS AS (to_tsvector('english', statement || ' ' || claimant)) STORED
);
CREATE INDEX claims_workspace ON claims (workspace_id, created_at DESC);
CREATE INDEX claims_search ON claims USING gin (search);
CREATE INDEX claims_statement_trgm ON claims USING gin (statement gin_trgm_ops);

-- Annotations: tags, a claim, resolution, and where re-anchoring put them.
ALTER TABLE annotations
    ADD COLUMN tags          text[] NOT NULL DEFAULT '{}',
    ADD COLUMN claim_id      uuid REFERENCES claims (id) ON DELETE SET NULL,
    ADD COLUMN resolved_at   timestamptz,
    ADD COLUMN resolved_by   uuid REFERENCES users (id),
    ADD COLUMN anchor_method text NOT NULL DEFAULT 'exact' CHECK (anchor_method IN ('exact', 'position', 'fuzzy', 'orphaned')),
    ADD COLUMN search        tsvector GENERATED ALWAYS AS (to_tsvector('english', quote_exact || ' ' || body)) STORED;
CREATE INDEX annotations_tags ON annotations USING gin (tags);
CREATE INDEX annotations_claim ON annotations (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX annotations_search ON annotations USING gin (search);
CREATE INDEX annotations_workspace ON annotations (workspace_id);

-- Replies in an annotation's thread.
CREATE TABLE replies (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    annotation_id uuid NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    body          text NOT NULL CHECK (body <> ''),
    created_by    uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    search        tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED
);
CREATE INDEX replies_annotation ON replies (annotation_id, created_at);
CREATE INDEX replies_search ON replies USING gin (search);

-- Evidence: the sources a claim is checked against.
CREATE TABLE evidence (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    claim_id       uuid NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url            text NOT NULL,
    title          text NOT NULL DEFAULT '',
    publisher      text NOT NULL DEFAULT '',
    quoted_passage text NOT NULL DEFAULT '',
    stance         text NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    consulted_on   date,
    created_by     uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    search         tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || publisher || ' ' || quoted_passage || ' ' || url)) STORED
);
CREATE INDEX evidence_claim ON evidence (claim_id, created_at);
CREATE INDEX evidence_search ON evidence USING gin (search);

-- Events concerning a claim reach the claim's room.
ALTER TABLE events ADD COLUMN claim_id uuid;
CREATE INDEX events_claim_seq ON events (claim_id, seq) WHERE seq IS NOT NULL AND claim_id IS NOT NULL;

-- +goose Down
DROP INDEX events_claim_seq;
ALTER TABLE events DROP COLUMN claim_id;
DROP TABLE evidence;
DROP TABLE replies;
ALTER TABLE annotations DROP COLUMN search, DROP COLUMN anchor_method, DROP COLUMN resolved_by,
    DROP COLUMN resolved_at, DROP COLUMN claim_id, DROP COLUMN tags;
DROP TABLE claims;
ALTER TABLE article_versions DROP COLUMN search;
DROP INDEX article_versions_hash;
ALTER TABLE article_versions ADD CONSTRAINT article_versions_article_id_content_hash_key UNIQUE (article_id, content_hash);
ALTER TABLE articles DROP COLUMN search, DROP COLUMN original_url, DROP COLUMN canonical_url,
    DROP COLUMN published_at, DROP COLUMN publisher, DROP COLUMN byline;
