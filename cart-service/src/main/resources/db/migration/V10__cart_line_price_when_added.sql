-- The unit price a line's product had when the customer put it in the cart (the read model's, in its currency), so
-- that the cart can show a line whose price changed since. Lines added before this column have none.
alter table cart_line add column added_unit_amount bigint check (added_unit_amount >= 0);
