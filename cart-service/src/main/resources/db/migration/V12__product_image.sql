-- The thumbnail of a product's main image as the catalog last announced it (ProductUpserted.imageUrl, a path under
-- the shop's address); null: none. The order mails show it beside each line.
alter table product add column image_url text;
