package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void namesTheComponentAndTheVariableWhenAPortIsTaken() throws Exception {
        try (var squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var port = squatter.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree("Redis", port, "SHOP_REDIS_PORT"))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("Port " + port
                            + " (Redis) is already in use: stop what uses it, or set SHOP_REDIS_PORT to another port.");
        }
    }

    @Test
    void acceptsAFreePort() {
        assertThatNoException().isThrownBy(() -> Ports.requireFree("Redis", Ports.free(), "SHOP_REDIS_PORT"));
    }

    @Test
    void handsOutPortsOutsideTheRangeOutgoingConnectionsTakeTheirsFrom() {
        var ephemeral = Ports.ephemeralRange();
        var handedOut = new HashSet<Integer>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.free();
            assertThat(port >= ephemeral.first() && port <= ephemeral.last())
                    .as("port %d in the ephemeral range %s", port, ephemeral)
                    .isFalse();
            assertThat(handedOut.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void drawsBelowTheEphemeralRangeOrAboveItWhenItStartsLow() {
        assertThat(Ports.candidates(new Ports.PortRange(32768, 60999))).isEqualTo(new Ports.PortRange(20000, 32767));
        assertThat(Ports.candidates(new Ports.PortRange(1024, 49151))).isEqualTo(new Ports.PortRange(49152, 65535));
        assertThatThrownBy(() -> Ports.candidates(new Ports.PortRange(1024, 65535)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("1024-65535");
    }

    @Test
    void usesTheDocumentedPortsUnlessOverridden() {
        var defaults = StackConfig.local(Path.of(".local"), Map.of());
        assertThat(defaults.postgresPort()).isEqualTo(55432);
        assertThat(defaults.redisPort()).isEqualTo(56379);
        assertThat(defaults.kafkaPort()).isEqualTo(59092);

        var moved = StackConfig.local(Path.of(".local"), Map.of("SHOP_REDIS_PORT", "6400"));
        assertThat(moved.redisPort()).isEqualTo(6400);
        assertThatThrownBy(() -> StackConfig.local(Path.of(".local"), Map.of("SHOP_KAFKA_PORT", "lots")))
                .hasMessage("SHOP_KAFKA_PORT=lots is not a port number.");
    }
}
