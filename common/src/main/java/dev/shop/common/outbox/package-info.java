/**
 * The transactional outbox: events are written with the state change they describe and published to Kafka by one
 * active relay per service.
 */
@NullMarked
package dev.shop.common.outbox;

import org.jspecify.annotations.NullMarked;
