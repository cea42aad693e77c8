package dev.shop.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address of the client behind a request. It is the TCP peer's, unless the peer is a trusted proxy: then
 * {@code X-Forwarded-For} is read from the right (each proxy appends the address it saw), skipping trusted proxies,
 * and the first address that is not one of them is the client. What lies further left was written by the client
 * itself and is never believed, so a client cannot pick its own rate-limit bucket.
 */
public final class ClientAddresses {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> trustedProxies;

    public ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream()
                .map(String::trim)
                .filter(proxy -> !proxy.isEmpty())
                .map(AddressRange::parse)
                .toList();
    }

    public String clientAddress(ServerHttpRequest request) {
        String peer = peerAddress(request.getRemoteAddress());
        if (trustedProxies.isEmpty() || !isTrustedProxy(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!isIpAddress(hop)) {
                // a trusted proxy passed on something that is not an address: stop at the last one we can vouch for
                return client;
            }
            client = hop;
            if (!isTrustedProxy(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The TCP peer's IP address, {@code unknown} when the server does not know it. */
    public static String peerAddress(@Nullable InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static List<String> forwardedFor(ServerHttpRequest request) {
        List<String> hops = new ArrayList<>();
        for (String value : request.getHeaders().getOrEmpty(X_FORWARDED_FOR)) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        return hops;
    }

    /** Whether {@code address} is a proxy whose {@code X-Forwarded-*} headers are believed. */
    public boolean isTrustedProxy(String address) {
        if (!isIpAddress(address)) {
            return false;
        }
        for (AddressRange proxy : trustedProxies) {
            if (proxy.matches(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIpAddress(String candidate) {
        return AddressRange.literal(candidate) != null;
    }
}
