-- A product's images, in their order, as part of the product: written with it under its lock and version. Each names
-- the keys of its two objects in the object store (the image and its thumbnail).
alter table product add column images jsonb not null default '[]'::jsonb;
-- for "does any product refer to this object?" (images @> '[{"key": ...}]'): the deletion job and the sweep ask it
create index product_images on product using gin (images jsonb_path_ops);

-- The objects to delete from the store, queued in the transaction that removes their images (an outbox for the
-- store) and deleted by a job, retried with a doubling pause.
create table image_deletion (
    key        text        primary key,
    due_at     timestamptz not null,
    attempts   int         not null default 0,
    last_error text
);

create index image_deletion_due on image_deletion (due_at);
