-- Refunds, cancelled orders and the provider's webhooks.
alter table payment drop constraint payment_status_check;
alter table payment add constraint payment_status_check
    check (status in ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REFUNDED'));

alter table payment
    -- the order was cancelled (OrderCancelled): a pending payment without an intent is not charged at all, a success
    -- that still comes is refunded
    add column cancel_requested      boolean     not null default false,
    -- a full refund is owed (an admin asked, or the order was cancelled); the sweeper retries it until it is done
    add column refund_requested      boolean     not null default false,
    -- generation of the refund's idempotency key: a key whose stored result is a 5xx is spent
    add column refund_key_generation int         not null default 0,
    add column provider_refund_id    text,
    add column refunded_at           timestamptz;

-- the sweeper's second query: refunds that are owed and due
create index payment_refund_due on payment (next_attempt_at) where status = 'SUCCEEDED' and refund_requested;
create index payment_user on payment (user_id);

-- Webhook events already handled, by the provider's event id: a redelivered event has no second effect.
create table webhook_event (
    id          text        primary key,
    type        text        not null,
    received_at timestamptz not null default now()
);
