-- A SKU names one stock-keeping unit whatever its case: "TG-5003" and "tg-5003" are the same, and a second live
-- product with it is refused (409) like an exact duplicate. Kept as the client sent it; compared in lower case.
do $$
declare
    clashing text;
begin
    select string_agg(skus, '; ') into clashing
    from (select string_agg(sku, ', ' order by sku) as skus
          from product
          where deleted_at is null
          group by lower(sku)
          having count(*) > 1) as clashes;
    if clashing is not null then
        raise exception 'Live products whose SKUs differ only in case: %. Rename or delete one of each before this upgrade.', clashing;
    end if;
end $$;

drop index product_sku_unique;
create unique index product_sku_unique on product (lower(sku)) where deleted_at is null;
