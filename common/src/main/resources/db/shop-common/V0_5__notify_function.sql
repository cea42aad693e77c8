-- One trigger function for the notifications that wake a service's jobs: it notifies the channel the trigger names as
-- its argument (execute function shop_notify('channel')), delivered at commit, and folded with the transaction's
-- other notifications of that channel into one.
create function shop_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_argv[0], '');
    return null;
end
$$;
