package dev.shop.cart.order;

import dev.shop.common.events.cart.CancellationReason;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One entry of an order's history: the state it reached, why (for a cancellation) and when. */
public record StateChange(OrderStatus status, @Nullable CancellationReason reason, Instant at) {}
