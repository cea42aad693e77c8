-- The confirmation mails: an outbox for mails. A row is written in the same transaction as the order's confirmation
-- and sent later by a job, so that SMTP never blocks or undoes the order.
create table order_mail (
    order_id        uuid        primary key references customer_order (id) on delete cascade, -- one mail per order
    recipient       text        not null,
    subject         text        not null,
    body            text        not null,
    status          text        not null check (status in ('PENDING', 'SENT', 'DEAD')),
    attempts        int         not null default 0,
    -- when the job may try next; a replica that claims a row moves it forward by a lease, so no other replica sends
    -- the mail while it is being sent
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz
);

-- the job's poll reads only pending rows that are due
create index order_mail_due on order_mail (next_attempt_at) where status = 'PENDING';
