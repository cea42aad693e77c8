-- The dead-letter admin (common): repeatable and "if not exists", so that it also fits a service that created the
-- table in a migration of its own.
-- Every replay of a dead letter, for the audit an admin API lists: who published what again, when.
create table if not exists dead_letter_replay (
    id              uuid        primary key,
    dead_letter_id  text        not null, -- <dead-letter topic>-<partition>-<offset>
    topic           text        not null, -- where it was published again
    event_key       text,
    event_id        text,                 -- its ce_id, kept on the replay
    event_type      text,                 -- its ce_type, kept on the replay
    corrected       boolean     not null, -- published with a payload the admin sent, not its own
    payload_sha256  text        not null, -- of the bytes published
    replayed_by     text        not null, -- the admin's user id (the token's sub)
    replayed_by_email text,
    replayed_at     timestamptz not null
);

create index if not exists dead_letter_replay_newest on dead_letter_replay (replayed_at desc, id);
