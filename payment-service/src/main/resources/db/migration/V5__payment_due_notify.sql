-- Wakes the pending-payment sweep when a payment comes due sooner than the sweep may have planned for: a charge
-- postponed after a failed attempt (its next attempt moves from its lease's end to its backoff's), a refund becoming
-- owed (cancelled after it succeeded, succeeded after it was cancelled, an admin's refund). Claims, which move the next
-- attempt later, and payments that succeed without a refund owed notify nothing. shop_notify() is common's
-- (migration 0.5).
create trigger payment_due_sooner after update on payment
    for each row
    when ((new.status = 'PENDING' or (new.status = 'SUCCEEDED' and new.refund_requested))
          and (new.next_attempt_at < old.next_attempt_at
               or not (old.status = 'PENDING' or (old.status = 'SUCCEEDED' and old.refund_requested))))
    execute function shop_notify('shop_payment_due');
