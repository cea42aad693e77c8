-- Orders own a snapshot of everything the customer agreed to at checkout: lines at their prices, total, address,
-- payment method and e-mail. The saga changes only status, reason and payment status, each change kept in history.
create table customer_order (
    id                  uuid        primary key,
    customer_id         text        not null,
    customer_email      text,
    status              text        not null check (status in ('PENDING', 'AWAITING_PAYMENT', 'CONFIRMED',
                                                               'REFUNDED', 'CANCELLED')),
    cancellation_reason text        check (cancellation_reason in ('OUT_OF_STOCK', 'PAYMENT_DECLINED',
                                                                   'PAYMENT_FAILED', 'CUSTOMER_CANCELLED',
                                                                   'TIMED_OUT')),
    payment_status      text        not null check (payment_status in ('NOT_REQUESTED', 'REQUESTED', 'SUCCEEDED',
                                                                       'FAILED', 'REFUNDED')),
    payment_method      text        not null,
    total_amount        bigint      not null check (total_amount >= 0),
    currency            text        not null,
    ship_name           text        not null,
    ship_line1          text        not null,
    ship_line2          text,
    ship_city           text        not null,
    ship_postal_code    text        not null,
    ship_country        text        not null,
    placed_at           timestamptz not null,
    updated_at          timestamptz not null,
    version             bigint      not null,
    -- only a cancelled order has a reason, and a cancelled order always has one
    constraint order_reason_iff_cancelled check ((status = 'CANCELLED') = (cancellation_reason is not null))
);

-- a customer's orders, newest first
create index customer_order_by_customer on customer_order (customer_id, placed_at desc, id desc);
-- the saga's timeout job (next issue) looks for open orders by age
create index customer_order_open on customer_order (placed_at) where status in ('PENDING', 'AWAITING_PAYMENT');

create table order_line (
    order_id    uuid   not null references customer_order (id) on delete cascade,
    line_no     int    not null,
    product_id  uuid   not null,
    sku         text   not null,
    name        text   not null,
    quantity    int    not null check (quantity between 1 and 99),
    unit_amount bigint not null check (unit_amount >= 0),
    primary key (order_id, line_no)
);

-- Every state the order has been in, with when it got there; never updated, only appended.
create table order_history (
    order_id uuid        not null references customer_order (id) on delete cascade,
    seq      int         not null,
    status   text        not null,
    reason   text,
    at       timestamptz not null,
    primary key (order_id, seq)
);
