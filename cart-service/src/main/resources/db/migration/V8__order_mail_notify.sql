-- Wakes the mail job when a mail comes due sooner than the job may have planned for: a new mail, one whose next try
-- moved earlier (a failed try's backoff before its lease's end; an operator's "try now"), a dead one made pending
-- again. Claims, which move the next try later, notify nothing. shop_notify() is common's (migration 0.5).
create trigger order_mail_written after insert on order_mail
    for each statement execute function shop_notify('shop_mail');

create trigger order_mail_due_sooner after update on order_mail
    for each row
    when (new.status = 'PENDING' and (new.next_attempt_at < old.next_attempt_at or old.status <> 'PENDING'))
    execute function shop_notify('shop_mail');
