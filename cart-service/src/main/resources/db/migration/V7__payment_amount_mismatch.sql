-- An order charged another amount than its total is cancelled with a reason of its own.
alter table customer_order drop constraint customer_order_cancellation_reason_check;
alter table customer_order add constraint customer_order_cancellation_reason_check
    check (cancellation_reason in ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'PAYMENT_FAILED', 'CUSTOMER_CANCELLED',
                                   'TIMED_OUT', 'PAYMENT_AMOUNT_MISMATCH'));
