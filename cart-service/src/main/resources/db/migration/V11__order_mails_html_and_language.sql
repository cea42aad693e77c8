-- Order mails of three kinds: the confirmation, the cancellation and the refund, at most one of each per order.
alter table order_mail add column kind text not null default 'CONFIRMED'
    constraint order_mail_kind check (kind in ('CONFIRMED', 'CANCELLED', 'REFUNDED'));
alter table order_mail alter column kind drop default;
alter table order_mail drop constraint order_mail_pkey;
alter table order_mail add primary key (order_id, kind);
-- A mail's HTML part; its plain-text alternative stays in body. Mails written before have none and go as plain text.
alter table order_mail add column html_body text;
-- The customer's language at checkout (the token's locale claim, a BCP 47 tag), which the order's mails are written
-- in; null: none known (English).
alter table customer_order add column customer_locale text
    constraint customer_order_locale_length check (char_length(customer_locale) <= 35);
