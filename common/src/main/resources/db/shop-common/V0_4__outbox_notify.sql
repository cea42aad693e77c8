-- Wakes the outbox relay when rows are written: every statement that inserts into the outbox notifies the channel
-- shop_outbox once (PostgreSQL delivers it at commit, and folds a transaction's identical notifications into one), so
-- the relay sleeps while there is nothing to send instead of polling.
create function shop_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('shop_outbox', '');
    return null;
end
$$;

create trigger outbox_event_notify after insert on outbox_event
    for each statement execute function shop_outbox_notify();
