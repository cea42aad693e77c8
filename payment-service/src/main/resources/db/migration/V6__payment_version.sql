-- Every change of a payment's state is a compare-and-set on its id and version: the service reads the payment, decides
-- the new state in Payment, and writes it only if nobody changed the payment in between (else it reads it again).
-- Leases and backoff (next_attempt_at, attempts, last_error) are scheduling, not state: they do not move the version.
alter table payment add column version bigint not null default 0;
