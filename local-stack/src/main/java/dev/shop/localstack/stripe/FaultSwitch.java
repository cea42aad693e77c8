package dev.shop.localstack.stripe;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The fault plan in force and how many more requests it applies to; swapped at run time by the admin API. */
final class FaultSwitch {

    private FaultPlan plan = FaultPlan.none();
    private int remaining;

    synchronized void set(FaultPlan plan) {
        this.plan = plan;
        this.remaining = plan.count();
    }

    synchronized void clear() {
        set(FaultPlan.none());
    }

    synchronized FaultPlan current() {
        return plan;
    }

    synchronized Map<String, Object> toJson() {
        return plan.toJson(remaining);
    }

    /** The plan for one request of {@code operation} about {@code order}, counting it against the plan's count. */
    synchronized Optional<FaultPlan> take(String operation, @Nullable String order) {
        if (plan.isNone() || !plan.appliesTo(operation, order)) {
            return Optional.empty();
        }
        var taken = plan;
        if (plan.count() > 0) {
            remaining--;
            if (remaining <= 0) {
                clear();
            }
        }
        return Optional.of(taken);
    }
}
