/** Starts the real infrastructure of the shop (PostgreSQL, Redis, Kafka) as local processes, without Docker. */
@NullMarked
package dev.shop.localstack;

import org.jspecify.annotations.NullMarked;
