-- Ids of consumed events, recorded in the same transaction as their effect, so a redelivery has none.
create table consumed_event (
    consumer_group text        not null,
    event_id       text        not null, -- ce_id
    consumed_at    timestamptz not null default now(),
    primary key (consumer_group, event_id)
);

create index consumed_event_consumed_at on consumed_event (consumed_at);
