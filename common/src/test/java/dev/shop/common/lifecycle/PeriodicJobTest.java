package dev.shop.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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
        int atStop = runs.get();

        assertThat(job.isRunning()).isFalse();
        // a run that had begun when stop() was called may still count itself; none begins afterwards (every 10 ms,
        // several would within the wait)
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() <= atStop + 1);
    }

    @Test
    void triesAFailedRunAgainAfterAPauseWithoutWaitingForATickOrAWakeUp() {
        var runs = new AtomicInteger();
        var job = new PeriodicJob("fail thrice", Duration.ZERO, Duration.ofHours(1)) {
            @Override
            protected Mono<?> runOnce() {
                return runs.incrementAndGet() <= 3
                        ? Mono.error(new IllegalStateException("the broker is away"))
                        : Mono.empty();
            }
        };

        job.start();
        try {
            // the only tick was the first run's; the retries come after 100, 200 and 400 ms
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 4);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 4);
        } finally {
            job.stop();
        }
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
                        .doOnTerminate(inRun::decrementAndGet); // before the run's end reaches the job
            }
        };

        job.start();
        // each run spans several ticks: those are skipped, and the job goes on with the next one
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 5);
        job.stop();

        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void runsWhenWokenAndFoldsTheWakeUpsDuringARunIntoOneMoreRun() {
        var runs = new AtomicInteger();
        var wakeUps = Sinks.many().multicast().<Boolean>directBestEffort();
        var firstRunHeld = Sinks.<Void>one();
        var job = new PeriodicJob("wake", Duration.ofHours(1), Duration.ofHours(1)) {
            @Override
            protected Mono<?> runOnce() {
                // the first run waits until the test has woken the job three more times
                return runs.incrementAndGet() == 1 ? firstRunHeld.asMono() : Mono.empty();
            }

            @Override
            protected Flux<?> wakeUps() {
                return wakeUps.asFlux();
            }
        };

        job.start();
        assertThat(wakeUps.tryEmitNext(true).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        for (int i = 0; i < 3; i++) {
            assertThat(wakeUps.tryEmitNext(true).isSuccess()).isTrue();
        }
        assertThat(runs.get()).isEqualTo(1);
        firstRunHeld.tryEmitEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == 2);
        job.stop();
    }

    @Test
    void runsAgainWhenTheWorkItFoundComesDueAndNotBefore() {
        var runs = new AtomicInteger();
        var job = new PeriodicJob("plan", Duration.ZERO, Duration.ofHours(1)) {
            @Override
            protected Mono<?> runOnce() {
                return Mono.just(runs.incrementAndGet());
            }

            @Override
            protected Mono<Duration> nextWorkIn() {
                // after the first run, work is due in 3 s; after the second, nothing is known
                return runs.get() == 1 ? Mono.just(Duration.ofSeconds(3)) : Mono.empty();
            }
        };

        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 2);
        job.stop();
    }

    @Test
    void runsEachRunInAnObservationOfItsOwn() {
        var observations = ObservationRegistry.create();
        var stopped = new CopyOnWriteArrayList<Observation.Context>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        var seen = new CopyOnWriteArrayList<Observation>();
        var job = new PeriodicJob("observe", Duration.ZERO, Duration.ofMillis(10)) {
            @Override
            protected Mono<?> runOnce() {
                return Mono.deferContextual(context -> {
                    Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
                    if (observation != null) {
                        seen.add(observation);
                    }
                    return Mono.empty();
                });
            }
        };
        job.setObservationRegistry(observations);

        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> stopped.size() >= 2);
        job.stop();

        assertThat(seen).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        assertThat(stopped.getFirst().getName()).isEqualTo("shop.job");
        assertThat(stopped.getFirst().getLowCardinalityKeyValue("job")).isNotNull();
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
