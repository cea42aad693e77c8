package dev.shop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressesTest {

    private static MockServerHttpRequest from(String peer, String... forwardedFor) {
        var request =
                MockServerHttpRequest.get("/api/catalog/products").remoteAddress(new InetSocketAddress(peer, 40000));
        for (String value : forwardedFor) {
            request.header("X-Forwarded-For", value);
        }
        return request.build();
    }

    @Test
    void ignoresForwardedForWhenNoProxyIsTrusted() {
        var addresses = new ClientAddresses(List.of());

        assertThat(addresses.clientAddress(from("198.51.100.7", "203.0.113.9"))).isEqualTo("198.51.100.7");
    }

    @Test
    void ignoresForwardedForFromAPeerThatIsNotATrustedProxy() {
        var addresses = new ClientAddresses(List.of("10.0.0.0/8"));

        assertThat(addresses.clientAddress(from("198.51.100.7", "203.0.113.9"))).isEqualTo("198.51.100.7");
    }

    @Test
    void takesTheFirstUntrustedHopFromTheRightBehindTrustedProxies() {
        var addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.168.1.1"));

        // the client wrote "1.2.3.4" itself; 203.0.113.9 is what the first trusted proxy saw
        var request = from("10.1.2.3", "1.2.3.4, 203.0.113.9", "192.168.1.1");

        assertThat(addresses.clientAddress(request)).isEqualTo("203.0.113.9");
    }

    @Test
    void usesTheLastTrustedHopWhenAProxyPassedOnGarbage() {
        var addresses = new ClientAddresses(List.of("10.0.0.0/8"));

        assertThat(addresses.clientAddress(from("10.1.2.3", "not-an-address, 10.9.9.9")))
                .isEqualTo("10.9.9.9");
        assertThat(addresses.clientAddress(from("10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void matchesIpv6RangesAndRefusesBadRanges() {
        var addresses = new ClientAddresses(List.of("fd00::/8"));

        assertThat(addresses.clientAddress(from("fd00::1", "2001:db8::5"))).isEqualTo("2001:db8::5");
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.example")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
