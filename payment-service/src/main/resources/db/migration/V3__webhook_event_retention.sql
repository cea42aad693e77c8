-- The clean-up deletes handled webhook event ids by age (WebhookEventCleanup).
create index webhook_event_received_at on webhook_event (received_at);
