package dev.shop.common.r2dbc;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * With {@code shop.r2dbc.dedicated-event-loops=true}, the PostgreSQL connections get {@code shop.r2dbc.event-loops}
 * event loops of their own ({@link LeastLoadedLoops}; 0, the default, means one per available processor, at least
 * two) instead of Reactor Netty's shared ones. Whether that pays depends on the service: catalog-service's reads gain
 * from it; cart-service's checkout, whose statements would hop between the server's loop and a connection's, loses on
 * two cores (docs/adr/0025-dedicated-r2dbc-event-loops.md).
 */
@AutoConfiguration
@ConditionalOnClass({PostgresqlConnectionFactoryProvider.class, ConnectionFactoryOptionsBuilderCustomizer.class})
@ConditionalOnBooleanProperty(name = "shop.r2dbc.dedicated-event-loops")
public class R2dbcEventLoopsAutoConfiguration {

    @Bean
    PostgresLoops postgresLoops(@Value("${shop.r2dbc.event-loops:0}") int threads) {
        return new PostgresLoops(new LeastLoadedLoops(
                "r2dbc-pg",
                threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer postgresConnectionsOnLeastLoadedLoops(PostgresLoops loops) {
        return options -> options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, loops.loops());
    }

    /** The loops, shut down with the application context (not a {@code LoopResources} bean, which others could take). */
    record PostgresLoops(LeastLoadedLoops loops) implements DisposableBean {

        @Override
        public void destroy() {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).subscribe();
        }
    }
}
