package dev.shop.common.outbox;

import org.jspecify.annotations.Nullable;

/** The W3C {@code traceparent} of the work in progress, stored with each outbox row. */
@FunctionalInterface
public interface TraceparentSource {

    @Nullable
    String current();

    TraceparentSource NONE = () -> null;
}
