-- +goose Up

-- Who last changed a record, so that someone whose edit was refused as
-- stale is told whose change came first.
ALTER TABLE annotations ADD COLUMN updated_by uuid REFERENCES users (id);
ALTER TABLE replies ADD COLUMN updated_by uuid REFERENCES users (id);
ALTER TABLE claims ADD COLUMN updated_by uuid REFERENCES users (id);
ALTER TABLE evidence ADD COLUMN updated_by uuid REFERENCES users (id);

-- +goose Down
ALTER TABLE evidence DROP COLUMN updated_by;
ALTER TABLE claims DROP COLUMN updated_by;
ALTER TABLE replies DROP COLUMN updated_by;
ALTER TABLE annotations DROP COLUMN updated_by;
