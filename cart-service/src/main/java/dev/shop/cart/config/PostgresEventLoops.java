package dev.shop.cart.config;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Event loops of their own for the PostgreSQL connections, with every new connection put on the loop that has the
 * fewest. By default r2dbc-postgresql uses Reactor Netty's shared loops, which keep a connection on the loop it was
 * created from; the pool creates connections one after the other from the loop of the previous one, so all of them
 * end up on one thread and every checkout's SQL queues behind every other's (the idea comes from catalog-service).
 *
 * <p>Off by default ({@code cart.r2dbc.dedicated-event-loops=true} turns it on): on two cores the checkout benchmark
 * accepted fewer checkouts with it than without (docs/benchmarks.md), since each checkout's statements then hop between
 * the server's loop and a connection's loop instead of staying on one thread. Worth measuring again on more cores.
 */
@Configuration(proxyBeanMethods = false)
class PostgresEventLoops implements DisposableBean {

    private final LeastLoadedLoops loops;

    PostgresEventLoops(@Value("${cart.r2dbc.event-loops:0}") int threads) {
        this.loops = new LeastLoadedLoops(
                threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "cart.r2dbc.dedicated-event-loops")
    ConnectionFactoryOptionsBuilderCustomizer postgresConnectionsOnLeastLoadedLoops() {
        return options -> options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, loops);
    }

    @Override
    public void destroy() {
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).subscribe();
    }

    /** One group of loops for everything Reactor Netty asks of it; a channel goes to the least busy loop. */
    static final class LeastLoadedLoops implements LoopResources {

        private final MultiThreadIoEventLoopGroup group;

        LeastLoadedLoops(int threads) {
            this.group = new MultiThreadIoEventLoopGroup(
                    threads,
                    new ThreadPerTaskExecutor(new DefaultThreadFactory("r2dbc-postgres", true)),
                    (EventExecutorChooserFactory) LeastLoadedLoops::chooser,
                    NioIoHandler.newFactory());
        }

        // fewest registered channels wins; a tie goes to a random one of them (a rotation could line up with the
        // several loops Reactor Netty takes per connection and always land on the same one)
        private static EventExecutorChooserFactory.EventExecutorChooser chooser(EventExecutor[] executors) {
            return () -> {
                EventExecutor chosen = executors[0];
                int fewest = Integer.MAX_VALUE;
                int tied = 0;
                for (EventExecutor executor : executors) {
                    int channels = executor instanceof SingleThreadEventLoop loop ? loop.registeredChannels() : 0;
                    if (channels < fewest) {
                        chosen = executor;
                        fewest = channels;
                        tied = 1;
                    } else if (channels == fewest && ThreadLocalRandom.current().nextInt(++tied) == 0) {
                        chosen = executor;
                    }
                }
                return chosen;
            };
        }

        @Override
        public EventLoopGroup onServer(boolean useNative) {
            return group;
        }

        @Override
        public EventLoopGroup onClient(boolean useNative) {
            return group;
        }

        @Override
        public EventLoopGroup onServerSelect(boolean useNative) {
            return group;
        }

        @Override
        public boolean daemon() {
            return true;
        }

        @Override
        public boolean isDisposed() {
            return group.isShuttingDown();
        }

        @Override
        public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
            return Mono.create(
                    sink -> group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .addListener(done -> sink.success()));
        }
    }
}
