package dev.shop.catalog.config;

import dev.shop.catalog.CatalogProperties;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the PostgreSQL connections on event loops of their own, spread over all of them: see {@link SpreadingLoopResources}. */
@Configuration(proxyBeanMethods = false)
class R2dbcEventLoops implements DisposableBean {

    private final SpreadingLoopResources loops;

    R2dbcEventLoops(CatalogProperties properties) {
        this.loops = new SpreadingLoopResources("r2dbc-pg", properties.r2dbc().effectiveEventLoops());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "catalog.r2dbc.dedicated-event-loops", matchIfMissing = true)
    ConnectionFactoryOptionsBuilderCustomizer spreadPostgresConnectionsOverEventLoops() {
        return options -> options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, loops);
    }

    @Override
    public void destroy() {
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).subscribe();
    }
}
