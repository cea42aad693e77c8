-- What cart-service knows of the catalog's products, fed by catalog.products.v1. A row is only ever replaced by a
-- newer version, so an event that arrives late never undoes a newer one. A deletion we learn of before any upsert
-- leaves a tombstone (no sku, name or price) that keeps an older upsert from bringing the product back.
create table product (
    id              uuid        primary key,
    sku             text,
    name            text,
    price_amount    bigint,
    price_currency  text,
    available_stock int         not null default 0,
    active          boolean     not null,
    deleted         boolean     not null default false,
    version         bigint      not null,
    updated_at      timestamptz not null default now(),
    constraint product_known_or_tombstone
        check (deleted or (sku is not null and name is not null and price_amount is not null
                           and price_currency is not null))
);
