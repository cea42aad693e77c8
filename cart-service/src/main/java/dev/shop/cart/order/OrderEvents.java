package dev.shop.cart.order;

import dev.shop.cart.CartProperties;
import dev.shop.common.lifecycle.DatabaseNotifications;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A customer's order as it moves, for {@code GET /api/orders/{id}/events}: every history entry after the one the
 * client saw last, then each new one as the saga appends it, ending with the first final state. A stream does not poll
 * the database in a loop: a trigger on {@code order_history} notifies {@value #CHANNEL} with the order's id at commit,
 * and only the streams of that order read it again; a slow poll is the safety net.
 *
 * <p>One customer may have a few streams open per instance ({@code cart.order-streams.max-per-customer}). When the
 * instance shuts down its streams end before the web server stops, so that their clients resume on another instance
 * (with {@code Last-Event-ID}) instead of holding the shutdown up.
 */
@Service
public class OrderEvents implements SmartLifecycle {

    /** The database channel that tells which order moved (payload: its id). */
    public static final String CHANNEL = "shop_order";

    private final Orders orders;
    private final OrderRepository repository;
    private final Flux<String> movedOrders;
    private final CartProperties.OrderStreams settings;
    private final Map<String, Integer> openByCustomer = new ConcurrentHashMap<>();
    private volatile Sinks.Empty<Void> closing = Sinks.empty();
    private volatile boolean running;

    OrderEvents(
            Orders orders,
            OrderRepository repository,
            ObjectProvider<DatabaseNotifications> notifications,
            CartProperties properties) {
        this.orders = orders;
        this.repository = repository;
        this.movedOrders = notifications.stream()
                .findFirst()
                .map(listener -> listener.on(CHANNEL))
                .orElseGet(Flux::never);
        this.settings = properties.orderStreams();
    }

    /**
     * The order's events numbered above {@code lastSeen} (0 for all), then the new ones as they come, until a final
     * state. Refusals come before the first event: the customer has no such order ({@link OrderNotFound}), has too
     * many streams open ({@link TooManyOrderStreams}), or the instance is shutting down ({@link OrderStreamsClosed}).
     */
    public Flux<OrderEvent> follow(UUID id, String customerId, int lastSeen) {
        return orders.owned(id, customerId).flatMapMany(order -> {
            int seen = Math.min(lastSeen, order.history().size());
            if (seen == order.history().size() && !order.status().open()) {
                return Flux.empty(); // the client saw the end already
            }
            return Flux.defer(() -> {
                open(customerId);
                return eventsAfter(id, seen).doFinally(signal -> close(customerId));
            });
        });
    }

    private Flux<OrderEvent> eventsAfter(UUID id, int lastSeen) {
        var seen = new AtomicInteger(lastSeen);
        String key = id.toString();
        // the notifications first, then the first read: a change between the two is read, not missed
        Flux<Object> wakeUps = Flux.<Object>merge(
                        movedOrders.filter(payload -> payload.isEmpty() || payload.equals(key)),
                        Flux.interval(settings.pollInterval()),
                        Mono.just(key))
                .onBackpressureLatest();
        return wakeUps.concatMap(
                        wakeUp -> repository.historyAfter(id, seen.get()).collectList(), 1)
                .filter(events -> !events.isEmpty())
                .doOnNext(events -> seen.set(events.getLast().seq()))
                .takeUntil(events -> events.getLast().isFinal())
                .concatMapIterable(List::copyOf)
                .takeUntilOther(closing.asMono()); // the sink of the current run: a restart makes a new one
    }

    /** Counts a new stream of the customer's, or refuses it. */
    private void open(String customerId) {
        if (!running) {
            throw new OrderStreamsClosed();
        }
        if (openByCustomer.merge(customerId, 1, Integer::sum) > settings.maxPerCustomer()) {
            close(customerId);
            throw new TooManyOrderStreams(settings.maxPerCustomer());
        }
    }

    private void close(String customerId) {
        openByCustomer.computeIfPresent(customerId, (customer, open) -> open > 1 ? open - 1 : null);
    }

    @Override
    public synchronized void start() {
        if (!running) {
            closing = Sinks.empty();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        closing.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown (which waits for open requests), starts after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
