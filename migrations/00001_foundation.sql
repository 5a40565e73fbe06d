-- +goose Up

-- Accounts: people, the desks (workspaces) they belong to, and their roles.
CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL,
    name          text NOT NULL,
    password_hash text NOT NULL,
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    CONSTRAINT users_email_lower CHECK (email = lower(email))
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE workspaces (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1
);

CREATE TABLE memberships (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('viewer', 'checker', 'editor', 'admin')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Server-side sessions: only the SHA-256 of the cookie token is stored.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Articles are imported documents; every distinct content is a version.
CREATE TABLE articles (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    title        text NOT NULL,
    source_url   text,
    created_by   uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1
);
CREATE INDEX articles_workspace ON articles (workspace_id, created_at DESC);

CREATE TABLE article_versions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    article_id   uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number       integer NOT NULL,
    content_hash text NOT NULL,
    html         text NOT NULL,
    text         text NOT NULL,
    format       text NOT NULL CHECK (format IN ('text', 'markdown', 'html')),
    created_by   uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (article_id, number),
    UNIQUE (article_id, content_hash)
);

-- Annotations anchor a note to a passage of one article version with the
-- W3C TextQuoteSelector and TextPositionSelector.
CREATE TABLE annotations (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    article_id         uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    article_version_id uuid NOT NULL REFERENCES article_versions (id),
    kind               text NOT NULL CHECK (kind IN ('comment', 'claim')),
    quote_exact        text NOT NULL CHECK (quote_exact <> ''),
    quote_prefix       text NOT NULL DEFAULT '',
    quote_suffix       text NOT NULL DEFAULT '',
    position_start     integer NOT NULL CHECK (position_start >= 0),
    position_end       integer NOT NULL CHECK (position_end > position_start),
    body               text NOT NULL DEFAULT '',
    created_by         uuid NOT NULL REFERENCES users (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1
);
CREATE INDEX annotations_article ON annotations (article_id, position_start);

-- A create retried with the same key returns what the first one made.
CREATE TABLE idempotency_keys (
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    fingerprint   text NOT NULL,
    resource_type text NOT NULL,
    resource_id   uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

-- The events table is the audit history, the live stream and the resume log.
-- A write transaction inserts its event with seq NULL; after commit, the
-- sequencer (one at a time, under an advisory lock) numbers committed events
-- densely in commit order, so a reader following seq never skips one.
CREATE TABLE events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq          bigint UNIQUE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    article_id   uuid,
    actor_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    type         text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_unsequenced ON events (id) WHERE seq IS NULL;
CREATE INDEX events_workspace_seq ON events (workspace_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX events_article_seq ON events (article_id, seq) WHERE seq IS NOT NULL AND article_id IS NOT NULL;

CREATE TABLE event_sequence (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_seq  bigint NOT NULL
);
INSERT INTO event_sequence (last_seq) VALUES (0);

-- +goose Down
DROP TABLE event_sequence;
DROP TABLE events;
DROP TABLE idempotency_keys;
DROP TABLE annotations;
DROP TABLE article_versions;
DROP TABLE articles;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE workspaces;
DROP TABLE users;
