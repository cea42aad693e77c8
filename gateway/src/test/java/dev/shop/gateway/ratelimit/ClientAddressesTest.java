package dev.shop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressesTest {

    private static MockServerHttpRequest forwarded(String peer, String... forwarded) {
        var request =
                MockServerHttpRequest.get("/api/catalog/products").remoteAddress(new InetSocketAddress(peer, 40000));
        for (String value : forwarded) {
            request.header("Forwarded", value);
        }
        return request.build();
    }

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

    @Test
    void readsRfc7239ForwardedWhenTheProxiesWriteIt() {
        var addresses = new ClientAddresses(List.of("10.0.0.0/8"), "Forwarded");

        // quoted, with ports, IPv6 in brackets, other parameters beside for=
        assertThat(addresses.clientAddress(forwarded("10.1.2.3", "for=1.2.3.4, for=\"203.0.113.9:4711\";proto=https")))
                .isEqualTo("203.0.113.9");
        assertThat(addresses.clientAddress(
                        forwarded("10.1.2.3", "for=\"[2001:db8:cafe::17]:4711\"", "for=10.9.9.9;by=10.1.2.3")))
                .isEqualTo("2001:db8:cafe::17");
        // an obfuscated node is not an address: the last trusted hop is the client
        assertThat(addresses.clientAddress(forwarded("10.1.2.3", "for=_hidden, for=10.9.9.9")))
                .isEqualTo("10.9.9.9");
    }

    @Test
    void readsOnlyTheHeaderTheProxiesAreSaidToWrite() {
        var xForwardedFor = new ClientAddresses(List.of("10.0.0.0/8"));
        var forwarded = new ClientAddresses(List.of("10.0.0.0/8"), "forwarded");
        var request = MockServerHttpRequest.get("/api/catalog/products")
                .remoteAddress(new InetSocketAddress("10.1.2.3", 40000))
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Forwarded", "for=198.51.100.1")
                .build();

        // the client may write the header the proxy does not append to: it is never read
        assertThat(xForwardedFor.clientAddress(request)).isEqualTo("203.0.113.9");
        assertThat(forwarded.clientAddress(request)).isEqualTo("198.51.100.1");
        assertThatThrownBy(() -> new ClientAddresses(List.of(), "X-Real-IP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Forwarded-For or Forwarded");
    }
}
