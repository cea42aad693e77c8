-- Events waiting to be published, written in the same transaction as the state change they describe.
-- Shipped by common and added to every service's Flyway locations; versions 0.x run before the service's own.
create table outbox_event (
    id           bigint generated always as identity primary key, -- insert order: the relay publishes by it
    event_id     uuid        not null unique,                     -- ce_id
    topic        text        not null,
    event_key    text        not null,                            -- Kafka key: the aggregate id
    event_type   text        not null,                            -- ce_type
    source       text        not null,                            -- ce_source
    subject      text,                                            -- ce_subject
    occurred_at  timestamptz not null,                            -- ce_time
    traceparent  text,
    payload      text        not null,                            -- the event's JSON, published byte for byte
    created_at   timestamptz not null default now(),
    sent_at      timestamptz
);

-- the relay's poll reads only unsent rows, in id order
create index outbox_event_unsent on outbox_event (id) where sent_at is null;
-- the cleanup deletes sent rows past their retention
create index outbox_event_sent on outbox_event (sent_at) where sent_at is not null;
