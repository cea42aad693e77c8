-- Trigram indexes make the case-insensitive substring search (ILIKE '%text%') an index scan. pg_trgm ships with
-- PostgreSQL's contrib (the zonky binaries have it) and is a trusted extension: a database owner may create it.
create extension if not exists pg_trgm;

create table product (
    id             uuid        primary key,
    sku            text        not null,
    name           text        not null,
    description    text        not null default '',
    category       text        not null references category (slug),
    price_amount   bigint      not null check (price_amount >= 0),           -- minor units
    price_currency char(3)     not null check (price_currency ~ '^[A-Z]{3}$'), -- the shop currency, checked by the service
    on_hand        int         not null check (on_hand >= 0),
    reserved       int         not null default 0 check (reserved >= 0),
    active         boolean     not null default true,
    version        bigint      not null check (version >= 1),               -- the ETag; grows with every visible change
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    deleted_at     timestamptz,                                             -- kept for the reservations of open orders
    constraint product_reserved_within_on_hand check (reserved <= on_hand)  -- available never below zero
);

-- a deleted product frees its SKU
create unique index product_sku_unique on product (sku) where deleted_at is null;

-- search: what the public sees (active, not deleted) is all any search reads, hence the partial indexes
create index product_name_trgm on product using gin (name gin_trgm_ops) where active and deleted_at is null;
create index product_description_trgm on product using gin (description gin_trgm_ops) where active and deleted_at is null;
create index product_category_price on product (category, price_amount, id) where active and deleted_at is null;
create index product_price on product (price_amount, id) where active and deleted_at is null;
create index product_name on product (name, id) where active and deleted_at is null;
create index product_created_at on product (created_at, id) where active and deleted_at is null;
