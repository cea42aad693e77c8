-- What catalog decided for each order it has seen: a second OrderPlaced for the same order (even under a new ce_id)
-- reserves nothing, and a cancel that arrives first makes a late OrderPlaced reserve nothing.
create table stock_order (
    order_id   uuid        primary key,
    outcome    text        not null check (outcome in ('RESERVED', 'REJECTED', 'CANCELLED')),
    created_at timestamptz not null default now()
);

-- The units one order holds of one product. RESERVED → RELEASED (cancelled) or SOLD (confirmed), each once.
create table reservation (
    order_id   uuid        not null references stock_order (order_id),
    product_id uuid        not null references product (id),
    quantity   int         not null check (quantity > 0),
    status     text        not null check (status in ('RESERVED', 'RELEASED', 'SOLD')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (order_id, product_id)
);

create index reservation_product on reservation (product_id) where status = 'RESERVED';
