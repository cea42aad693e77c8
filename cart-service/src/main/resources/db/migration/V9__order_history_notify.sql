-- Tells the order's event streams (GET /api/orders/{id}/events) that the order moved: the channel shop_order with the
-- order's id, delivered at commit. The entries of one transaction about one order fold into one notification.
create function order_history_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('shop_order', new.order_id::text);
    return null;
end
$$;

create trigger order_history_appended after insert on order_history
    for each row execute function order_history_notify();
