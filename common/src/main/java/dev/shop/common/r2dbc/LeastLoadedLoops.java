package dev.shop.common.r2dbc;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Event loops for the PostgreSQL connections that spread the connections over all loops (r2dbc-pool issue 190).
 *
 * <p>Two things put every pooled connection on one thread otherwise. Reactor Netty's default loops colocate: a
 * connection created from an event loop stays on that loop, and the pool creates each connection from the loop of the
 * one before. {@code LoopResources.create(..., colocate = false)}, the usual fix, is not enough either: its loops are
 * handed out round-robin, and Reactor Netty takes more than one loop from the group per connection (one for the
 * channel, one for the DNS resolver it builds for custom loop resources, ...), so with two loops every connection
 * lands on the same one (checked: 1 thread for 8 connections with 2 loops, 2 threads of 4 with 4). Here a connection
 * goes to the loop with the fewest registered channels, ties broken at random, whatever else asks the group for a
 * loop.
 */
public final class LeastLoadedLoops implements LoopResources {

    private final MultiThreadIoEventLoopGroup loops;

    /**
     * @param prefix the threads' name prefix
     * @param threads how many loops
     */
    public LeastLoadedLoops(String prefix, int threads) {
        this.loops = new MultiThreadIoEventLoopGroup(
                threads,
                new ThreadPerTaskExecutor(new DefaultThreadFactory(prefix, true)),
                LeastLoaded.INSTANCE,
                NioIoHandler.newFactory());
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return loops;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return loops;
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return loops;
    }

    @Override
    public boolean daemon() {
        return true;
    }

    @Override
    public boolean isDisposed() {
        return loops.isShuttingDown();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.create(
                sink -> loops.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .addListener(done -> sink.success()));
    }

    /** Picks the loop with the fewest channels; among equals, a random one, never a rotation that can alias. */
    private enum LeastLoaded implements EventExecutorChooserFactory {
        INSTANCE;

        @Override
        public EventExecutorChooser newChooser(EventExecutor[] executors) {
            return () -> {
                EventExecutor best = executors[0];
                int fewest = Integer.MAX_VALUE;
                int ties = 0;
                for (EventExecutor executor : executors) {
                    int channels =
                            executor instanceof SingleThreadEventLoop loop ? Math.max(0, loop.registeredChannels()) : 0;
                    if (channels < fewest) {
                        best = executor;
                        fewest = channels;
                        ties = 1;
                    } else if (channels == fewest && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                        best = executor;
                    }
                }
                return best;
            };
        }
    }
}
