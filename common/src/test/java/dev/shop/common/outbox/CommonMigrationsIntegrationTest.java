package dev.shop.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.localstack.test.SharedLocalStack;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * common's migrations are numbered 0.x, below every service's own; a release that adds one meets databases whose
 * service migrations are already past it. Upgraded like that, the database gets the new migration.
 */
class CommonMigrationsIntegrationTest {

    private static final String SERVICE_MIGRATIONS = "classpath:db/outbox-test";

    @Test
    void appliesACommonMigrationAddedAfterTheServicesOwnToAnExistingDatabase() throws Exception {
        var postgres = SharedLocalStack.get().postgres();
        String database = "common_migrations_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres.createDatabase(database);
        String url = postgres.jdbcUrl(database);

        // the database of an earlier release: common's migrations up to 0.3, then the service's own
        flyway(url, EventingAutoConfiguration.MIGRATIONS).target("0.3").load().migrate();
        flyway(url, SERVICE_MIGRATIONS)
                .ignoreMigrationPatterns("*:missing")
                .load()
                .migrate();

        // this release, configured as a service's Flyway is: its own location, common's added by the customizer
        FluentConfiguration upgrade = flyway(url, SERVICE_MIGRATIONS);
        new EventingAutoConfiguration.CommonMigrations().shopCommonMigrations().customize(upgrade);
        upgrade.load().migrate();

        MigrationInfo[] applied = flyway(url, EventingAutoConfiguration.MIGRATIONS, SERVICE_MIGRATIONS)
                .load()
                .info()
                .applied();
        assertThat(Arrays.stream(applied).map(info -> info.getVersion().getVersion()))
                .containsExactly("0.1", "0.2", "0.3", "1", "0.4", "0.5");
        try (var connection = DriverManager.getConnection(url, postgres.username(), "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select count(*) from pg_trigger"
                        + " where tgrelid = 'outbox_event'::regclass and not tgisinternal")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the outbox's notify trigger").isEqualTo(1);
        }
    }

    private static FluentConfiguration flyway(String url, String... locations) {
        return Flyway.configure()
                .dataSource(url, SharedLocalStack.get().postgres().username(), "")
                .locations(locations);
    }
}
