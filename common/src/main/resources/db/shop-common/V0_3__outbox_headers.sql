-- Kafka headers of a row beside its CloudEvents ones, as a JSON object of names and values: a record a service writes
-- to a dead-letter topic itself carries the failure as the dead-letter publisher of the consumers does.
alter table outbox_event add column headers text;
