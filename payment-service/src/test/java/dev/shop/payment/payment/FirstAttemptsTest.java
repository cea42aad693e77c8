package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The drain of first attempts: bounded in attempts under way and in payments waiting, and stopped cleanly. */
class FirstAttemptsTest {

    /** Attempts begun, each held until the test lets it end. */
    private final Map<UUID, Sinks.Empty<Void>> underWay = new ConcurrentHashMap<>();

    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger mostConcurrent = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();

    private FirstAttempts attempts;

    private FirstAttempts start(int concurrency, int queued) {
        attempts = new FirstAttempts(this::heldAttempt, concurrency, queued);
        attempts.start();
        return attempts;
    }

    @AfterEach
    void dispose() {
        if (attempts != null) {
            attempts.destroy();
        }
    }

    private Mono<Void> heldAttempt(UUID paymentId) {
        var end = Sinks.<Void>empty();
        return Mono.defer(() -> {
                    mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    underWay.put(paymentId, end);
                    return end.asMono();
                })
                // counted down before the drain hears of the end (doFinally would run after it started the next one)
                .doOnTerminate(concurrent::decrementAndGet)
                .doOnCancel(() -> {
                    cancelled.incrementAndGet();
                    concurrent.decrementAndGet();
                });
    }

    private void finishAll() {
        underWay.values().forEach(Sinks.Empty::tryEmitEmpty);
    }

    @Test
    void runsAtMostItsConcurrencyAtOnceAndTheRestInTurn() {
        start(4, 64);

        var ids = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        ids.forEach(id -> assertThat(attempts.offer(id, null)).isTrue());

        await().atMost(Duration.ofSeconds(5)).until(() -> underWay.size() == 4);
        assertThat(concurrent.get()).isEqualTo(4);
        while (underWay.size() < ids.size()) {
            var before = underWay.size();
            finishAll();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> underWay.size() > before || underWay.size() == ids.size());
        }
        finishAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> concurrent.get() == 0);
        assertThat(underWay.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(mostConcurrent.get()).isEqualTo(4);
    }

    @Test
    void refusesWhatDoesNotFitInItsQueueWithoutWaiting() {
        start(1, 8);
        assertThat(attempts.offer(UUID.randomUUID(), null)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> underWay.size() == 1);

        var offered = IntStream.range(0, 100)
                .mapToObj(i -> attempts.offer(UUID.randomUUID(), null))
                .toList();

        // one under way, the queue full (8, a power of two already), the others left to the sweep
        assertThat(offered.stream().filter(taken -> taken)).hasSize(8);
    }

    @Test
    void onStopTakesNothingMoreLeavesTheWaitingToTheSweepAndLetsTheAttemptsUnderWayFinish() {
        start(2, 16);
        var offered = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        offered.forEach(id -> attempts.offer(id, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> underWay.size() == 2);

        var stopped = new AtomicBoolean();
        attempts.stop(() -> stopped.set(true));

        assertThat(attempts.isRunning()).isFalse();
        assertThat(attempts.offer(UUID.randomUUID(), null))
                .as("offered after stop")
                .isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilFalse(stopped);
        finishAll();
        await().atMost(Duration.ofSeconds(5)).untilTrue(stopped);
        assertThat(underWay.keySet())
                .as("only the attempts under way at the stop ran; the three waiting were left to the sweep")
                .containsExactlyInAnyOrderElementsOf(offered.subList(0, 2));
        assertThat(cancelled.get()).isZero();
    }

    @Test
    void stopsAtOnceWhenNeverStarted() {
        attempts = new FirstAttempts(this::heldAttempt, 2, 16);
        var stopped = new AtomicBoolean();

        attempts.stop(() -> stopped.set(true));

        assertThat(stopped).isTrue();
    }

    @Test
    void cancelsWhatIsStillUnderWayWhenDestroyed() {
        start(2, 16);
        attempts.offer(UUID.randomUUID(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> underWay.size() == 1);

        attempts.destroy();

        assertThat(cancelled.get()).isOne();
        assertThat(concurrent.get()).isZero();
    }

    @Test
    void goesOnAfterAnAttemptFails() {
        var calls = new AtomicInteger();
        attempts = new FirstAttempts(
                id -> calls.incrementAndGet() == 1
                        ? Mono.error(new IllegalStateException("provider down"))
                        : Mono.empty(),
                1,
                16);
        attempts.start();

        attempts.offer(UUID.randomUUID(), null);
        attempts.offer(UUID.randomUUID(), null);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
    }
}
