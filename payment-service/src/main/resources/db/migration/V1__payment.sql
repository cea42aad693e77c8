-- One payment per order: what was asked, what the provider knows it by, and where it stands.
create table payment (
    id                 uuid        primary key,
    order_id           uuid        not null unique, -- a second PaymentRequested for the order finds this row
    user_id            text        not null,
    amount             bigint      not null,
    currency           char(3)     not null,
    payment_method     text        not null,        -- a provider payment-method id, never card data
    status             text        not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    failure_reason     text        check (failure_reason in ('PAYMENT_DECLINED', 'PAYMENT_FAILED')),
    provider_intent_id text        unique,          -- the PaymentIntent, stored before it is confirmed
    -- generations of the idempotency keys: a key whose stored result is a 5xx is spent, the next request uses n + 1
    create_key_generation  int     not null default 0,
    confirm_key_generation int     not null default 0,
    attempts           int         not null default 0,
    -- when a worker may take the payment next; a worker that takes it pushes this forward (its lease)
    next_attempt_at    timestamptz not null default now(),
    last_error         text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    completed_at       timestamptz,
    check ((status = 'FAILED') = (failure_reason is not null))
);

-- the sweeper's query: pending payments that are due, oldest first
create index payment_due on payment (next_attempt_at) where status = 'PENDING';
