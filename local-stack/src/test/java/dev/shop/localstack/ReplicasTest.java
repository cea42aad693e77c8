package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SHOP_REPLICAS=2 ./shop up}: the instances ./shop passes, and the instance lists the gateway gets from them. */
class ReplicasTest {

    private final StackConfig config = StackConfig.local(Path.of(".local"), Map.of());

    @Test
    void aReplicaIsAnInstanceOfTheServiceItsNameStartsWith() {
        assertThat(ServiceProcess.parse("cart-service:8083:9083:cart.jar", config)
                        .service())
                .isEqualTo("cart-service");
        assertThat(ServiceProcess.parse("cart-service-2:8093:9093:cart.jar", config)
                        .service())
                .isEqualTo("cart-service");
        assertThat(ServiceProcess.parse("gateway:8080:9080:gateway.jar", config).service())
                .isEqualTo("gateway");
    }

    @Test
    void theGatewayBalancesOverEveryInstanceOfEachService() {
        var services = List.of(
                ServiceProcess.parse("auth-service:8081:9081:auth.jar", config),
                ServiceProcess.parse("cart-service:8083:9083:cart.jar", config),
                ServiceProcess.parse("cart-service-2:8093:9093:cart.jar", config),
                ServiceProcess.parse("gateway:8080:9080:gateway.jar", config));

        assertThat(LocalStackMain.gatewayInstances(services))
                .containsExactly(
                        Map.entry("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_AUTH_0_URI", "http://127.0.0.1:8081"),
                        Map.entry("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_CART_0_URI", "http://127.0.0.1:8083"),
                        Map.entry(
                                "SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_CART_1_URI", "http://127.0.0.1:8093"));
    }
}
