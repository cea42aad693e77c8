package dev.shop.catalog.stock;

import dev.shop.catalog.product.Product;
import dev.shop.catalog.product.ProductChanges;
import dev.shop.catalog.stock.ReservationRepository.Line;
import dev.shop.catalog.stock.ReservationRepository.Outcome;
import dev.shop.catalog.stock.ReservationRepository.Status;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.events.catalog.StockRejected;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reservations of orders. Each method runs inside the transaction in which the consumer records the event's
 * {@code ce_id}, so a redelivered event has no second effect; the order's recorded outcome and the status of its lines
 * make a second event for the same order (under another {@code ce_id}) harmless as well.
 */
@Service
class StockReservations {

    private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

    private final ReservationRepository reservations;
    private final ProductChanges changes;
    private final OutboxWriter outbox;

    StockReservations(ReservationRepository reservations, ProductChanges changes, OutboxWriter outbox) {
        this.reservations = reservations;
        this.changes = changes;
        this.outbox = outbox;
    }

    /**
     * Reserves every line of the order or none: locks its products (in id order, so concurrent orders never
     * deadlock), and reserves only if each has enough available. Answers {@link StockReserved} or
     * {@link StockRejected} with the lines that fell short.
     */
    Mono<Void> reserve(OrderPlaced order) {
        UUID orderId = order.orderId();
        SortedMap<UUID, Integer> wanted = quantitiesByProduct(order);
        return reservations.known(orderId).flatMap(known -> {
            if (known) {
                return InTrace.run(() ->
                        log.info("Order {} was already handled; its OrderPlaced reserves nothing again", orderId));
            }
            return changes.lockAll(wanted.keySet())
                    .collectMap(Product::id)
                    .flatMap(products -> decide(orderId, wanted, products));
        });
    }

    private Mono<Void> decide(UUID orderId, SortedMap<UUID, Integer> wanted, Map<UUID, Product> products) {
        List<StockRejected.RejectedLine> shortfalls = new ArrayList<>();
        wanted.forEach((productId, quantity) -> {
            Product product = products.get(productId);
            int available = product == null || !product.visible() ? 0 : product.available();
            if (quantity <= 0 || quantity > available) {
                shortfalls.add(new StockRejected.RejectedLine(productId, quantity, available));
            }
        });
        Outcome outcome = shortfalls.isEmpty() ? Outcome.RESERVED : Outcome.REJECTED;
        return reservations.decide(orderId, outcome).flatMap(decided -> {
            if (!decided) {
                return InTrace.run(() ->
                        log.info("Order {} was decided concurrently; this OrderPlaced reserves nothing", orderId));
            }
            if (outcome == Outcome.REJECTED) {
                return outbox.append(new StockRejected(orderId, shortfalls)).then();
            }
            return Flux.fromIterable(wanted.entrySet())
                    .concatMap(line -> {
                        Product product = products.get(line.getKey());
                        return changes.save(product, product.reserve(line.getValue()))
                                .then(reservations.insert(new Line(orderId, line.getKey(), line.getValue())))
                                .thenReturn(new StockReserved.Line(line.getKey(), line.getValue()));
                    })
                    .collectList()
                    .flatMap(lines -> outbox.append(new StockReserved(orderId, lines)))
                    .then();
        });
    }

    /** Gives back what the order holds, once; a cancel that comes first makes a late OrderPlaced reserve nothing. */
    Mono<Void> release(UUID orderId) {
        return reservations.decide(orderId, Outcome.CANCELLED).flatMap(cancelledFirst -> {
            if (cancelledFirst) {
                return InTrace.run(() ->
                        log.info("Order {} was cancelled before catalog saw it placed; nothing to release", orderId));
            }
            return settle(orderId, Status.RELEASED, Product::release);
        });
    }

    /** Turns what the order holds into a sale, once: on hand and reserved both drop. */
    Mono<Void> sell(UUID orderId) {
        return settle(orderId, Status.SOLD, Product::sell);
    }

    private Mono<Void> settle(UUID orderId, Status status, BiFunction<Product, Integer, Product> change) {
        return reservations.lockReserved(orderId).collectList().flatMap(lines -> {
            if (lines.isEmpty()) {
                return InTrace.run(() -> log.debug("Order {} holds no reservation to mark {}", orderId, status));
            }
            return changes.lockAll(lines.stream().map(Line::productId).toList())
                    .collectMap(Product::id)
                    .flatMapMany(products -> Flux.fromIterable(lines).concatMap(line -> {
                        Product product = products.get(line.productId());
                        return changes.save(product, change.apply(product, line.quantity()))
                                .then(reservations.settle(line, status));
                    }))
                    .then();
        });
    }

    private static SortedMap<UUID, Integer> quantitiesByProduct(OrderPlaced order) {
        SortedMap<UUID, Integer> wanted = new TreeMap<>();
        for (OrderPlaced.Line line : order.lines()) {
            // saturating: an absurd total is simply more than is available
            wanted.merge(line.productId(), line.quantity(), (a, b) ->
                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) a + b)));
        }
        return wanted;
    }
}
