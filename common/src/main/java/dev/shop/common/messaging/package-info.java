/**
 * Consuming events: one Kafka consumer per topic and service, dispatching on {@code ce_type}, each event applied once
 * and a message that keeps failing parked in the dead-letter topic.
 */
@NullMarked
package dev.shop.common.messaging;

import org.jspecify.annotations.NullMarked;
