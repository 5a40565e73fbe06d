-- +goose Up

-- A workspace's settings: the organisation named as the author of its
-- published fact-checks (empty: the workspace's name), and its rating scale
-- (NULL: the default scale). Saving them bumps the workspace's version.
ALTER TABLE workspaces
    ADD COLUMN organisation_name text NOT NULL DEFAULT '',
    ADD COLUMN organisation_url  text NOT NULL DEFAULT '',
    ADD COLUMN rating_scale      jsonb;

-- Editors assign claims to checkers.
ALTER TABLE claims
    ADD COLUMN assignee_id uuid REFERENCES users (id),
    ADD COLUMN assigned_at timestamptz;
CREATE INDEX claims_assignee ON claims (assignee_id, workspace_id) WHERE assignee_id IS NOT NULL;

-- A claim's verdict on its way through review. A claim has at most one.
CREATE TABLE verdicts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    claim_id       uuid NOT NULL UNIQUE REFERENCES claims (id) ON DELETE CASCADE,
    state          text NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'in_review', 'changes_requested', 'approved', 'published')),
    rating         text NOT NULL DEFAULT '',
    rationale      text NOT NULL DEFAULT '',
    evidence_ids   uuid[] NOT NULL DEFAULT '{}',
    author_id      uuid NOT NULL REFERENCES users (id),
    -- Everyone who wrote any of its rating, rationale or evidence: none of
    -- them may approve it.
    contributor_ids uuid[] NOT NULL DEFAULT '{}',
    reviewer_id    uuid REFERENCES users (id),
    review_comment text NOT NULL DEFAULT '',
    sent_back_by   uuid REFERENCES users (id),
    submitted_at   timestamptz,
    approved_at    timestamptz,
    published_at   timestamptz,
    corrected_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    updated_by     uuid REFERENCES users (id),
    version        integer NOT NULL DEFAULT 1,
    -- The four-eyes rule, kept by the database as well as the service.
    CONSTRAINT verdicts_four_eyes CHECK (reviewer_id IS NULL OR NOT (reviewer_id = author_id OR reviewer_id = ANY (contributor_ids))),
    -- Published is the last state: a verdict has a publication date exactly
    -- when it is published.
    CONSTRAINT verdicts_published_when CHECK ((state = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX verdicts_queue ON verdicts (workspace_id, submitted_at) WHERE state = 'in_review';
CREATE INDEX verdicts_author ON verdicts (author_id, workspace_id, state);
CREATE INDEX verdicts_published ON verdicts (workspace_id, published_at DESC, id) WHERE state = 'published';

-- Every published version of a verdict, exactly as the public page shows
-- it: a snapshot, so that editing the claim, its evidence or the scale
-- never rewrites what was published. Rows are only ever added.
CREATE TABLE verdict_publications (
    verdict_id      uuid NOT NULL REFERENCES verdicts (id) ON DELETE CASCADE,
    number          integer NOT NULL CHECK (number >= 1),
    workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    rating_label    text NOT NULL,
    correction_note text NOT NULL DEFAULT '',
    content         jsonb NOT NULL,
    published_by    uuid NOT NULL REFERENCES users (id),
    published_at    timestamptz NOT NULL,
    PRIMARY KEY (verdict_id, number),
    CONSTRAINT verdict_publications_note CHECK (number = 1 OR correction_note <> '')
);

-- What members are told about their work, live and in a list.
CREATE TABLE notifications (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('assigned', 'sent_back', 'approved', 'published', 'corrected')),
    claim_id     uuid NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    verdict_id   uuid REFERENCES verdicts (id) ON DELETE CASCADE,
    actor_id     uuid NOT NULL REFERENCES users (id),
    comment      text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, workspace_id, created_at DESC);
CREATE INDEX notifications_unread ON notifications (user_id, workspace_id) WHERE read_at IS NULL;

-- +goose Down
DROP TABLE notifications;
DROP TABLE verdict_publications;
DROP TABLE verdicts;
DROP INDEX claims_assignee;
ALTER TABLE claims DROP COLUMN assigned_at, DROP COLUMN assignee_id;
ALTER TABLE workspaces DROP COLUMN rating_scale, DROP COLUMN organisation_url, DROP COLUMN organisation_name;
