package dev.shop.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicJobTest {

    @Test
    void runsAgainAfterAFailedRunAndNotAfterStop() {
        var runs = new AtomicInteger();
        var job = new PeriodicJob("count", Duration.ZERO, Duration.ofMillis(10)) {
            @Override
            protected Mono<?> runOnce() {
                // the second run fails, at assembly as a run may
                if (runs.incrementAndGet() == 2) {
                    throw new IllegalStateException("the database is away");
                }
                return Mono.just(runs.get());
            }
        };

        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 4);
        job.stop();
        int afterStop = runs.get();

        assertThat(job.isRunning()).isFalse();
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == afterStop);
    }

    @Test
    void neverRunsTwiceAtOnceAndGoesOnWhenARunOutlastsTheInterval() {
        var runs = new AtomicInteger();
        var inRun = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var job = new PeriodicJob("wait", Duration.ZERO, Duration.ofMillis(5)) {
            @Override
            protected Mono<?> runOnce() {
                return Mono.fromRunnable(() -> {
                            runs.incrementAndGet();
                            mostAtOnce.accumulateAndGet(inRun.incrementAndGet(), Math::max);
                        })
                        .then(Mono.delay(Duration.ofMillis(40)))
                        .doFinally(signal -> inRun.decrementAndGet());
            }
        };

        job.start();
        // each run spans several ticks: those are skipped, and the job goes on with the next one
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 5);
        job.stop();

        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new PeriodicJob("spin", Duration.ZERO, Duration.ZERO) {
                    @Override
                    protected Mono<?> runOnce() {
                        return Mono.empty();
                    }
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spin");
    }
}
