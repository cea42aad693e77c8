-- Tables of the outbox tests: a stand-in for a service's state, and what its consumer applied.
create table product_state (
    product_id uuid   not null,
    version    bigint not null,
    primary key (product_id, version)
);

create table applied_event (
    seq        bigint generated always as identity primary key,
    event_id   text   not null,
    product_id uuid   not null,
    version    bigint not null
);
