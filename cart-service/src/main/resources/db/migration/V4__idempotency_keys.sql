-- The Idempotency-Key of each accepted checkout, per customer, with the fingerprint of the request it came with and
-- the body of the response it got, which a repeat of the request gets again.
-- Written in the transaction that creates the order, so a key is recorded if and only if its order exists; a
-- request that fails or dies leaves nothing behind. Rows older than the retention are ignored and then deleted.
create table idempotency_key (
    customer_id text        not null,
    key         text        not null,
    fingerprint text        not null,
    order_id    uuid        not null references customer_order (id),
    response    text        not null, -- the 202's JSON body: the order as it was placed
    created_at  timestamptz not null default now(),
    primary key (customer_id, key)
);

create index idempotency_key_created_at on idempotency_key (created_at);
