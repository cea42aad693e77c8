-- One cart per customer (the token's sub). The cart row is what checkout and every change of the cart lock, so
-- that a line limit holds and a cart is checked out once.
create table cart (
    customer_id text        primary key,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

-- A line holds a quantity only; its price is always the read model's current one.
create table cart_line (
    customer_id text        not null references cart (customer_id) on delete cascade,
    product_id  uuid        not null,
    quantity    int         not null check (quantity between 1 and 99),
    added_at    timestamptz not null default now(),
    primary key (customer_id, product_id)
);
