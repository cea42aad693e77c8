-- A payment whose charge the service cannot settle by itself (its intent is unknown to the provider and a search for
-- the order's intents is not conclusive) waits for a person instead of being charged again.
alter table payment drop constraint payment_status_check;
alter table payment add constraint payment_status_check
    check (status in ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REFUNDED', 'NEEDS_ATTENTION'));
