package dev.shop.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address of the client behind a request. It is the TCP peer's, unless the peer is a trusted proxy: then the
 * proxies' forwarding header ({@code X-Forwarded-For}, or RFC 7239 {@code Forwarded} when the proxies write that one)
 * is read from the right (each proxy appends the address it saw), skipping trusted proxies, and the first address that
 * is not one of them is the client. What lies further left was written by the client itself and is never believed, so
 * a client cannot pick its own rate-limit bucket. Only the header the proxies are said to write is read: a client could
 * send the other one, and no proxy would append to it.
 */
public final class ClientAddresses {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED = "Forwarded";

    private final List<AddressRange> trustedProxies;
    private final String forwardingHeader;

    public ClientAddresses(List<String> trustedProxies) {
        this(trustedProxies, X_FORWARDED_FOR);
    }

    /**
     * @param forwardingHeader {@code X-Forwarded-For} or {@code Forwarded}: the header the trusted proxies append to
     * @throws IllegalArgumentException for a range that is not an IP address or CIDR range, or another header
     */
    public ClientAddresses(List<String> trustedProxies, String forwardingHeader) {
        this.trustedProxies = trustedProxies.stream()
                .map(String::trim)
                .filter(proxy -> !proxy.isEmpty())
                .map(AddressRange::parse)
                .toList();
        if (X_FORWARDED_FOR.equalsIgnoreCase(forwardingHeader)) {
            this.forwardingHeader = X_FORWARDED_FOR;
        } else if (FORWARDED.equalsIgnoreCase(forwardingHeader)) {
            this.forwardingHeader = FORWARDED;
        } else {
            throw new IllegalArgumentException(
                    "The forwarding header must be X-Forwarded-For or Forwarded, not " + forwardingHeader);
        }
    }

    public String clientAddress(ServerHttpRequest request) {
        String peer = peerAddress(request.getRemoteAddress());
        if (trustedProxies.isEmpty() || !isTrustedProxy(peer)) {
            return peer;
        }
        List<String> hops = FORWARDED.equals(forwardingHeader) ? forwarded(request) : forwardedFor(request);
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

    /**
     * The {@code for} node of every element of RFC 7239 {@code Forwarded} headers, in order: without quotes, brackets
     * and port ({@code for="[2001:db8::17]:4711"} is {@code 2001:db8::17}). An element without {@code for}, or an
     * obfuscated or {@code unknown} node, is kept as it is, and is not an address.
     */
    static List<String> forwarded(ServerHttpRequest request) {
        List<String> hops = new ArrayList<>();
        for (String value : request.getHeaders().getOrEmpty(FORWARDED)) {
            for (String element : value.split(",")) {
                if (element.isBlank()) {
                    continue;
                }
                String node = "";
                for (String pair : element.split(";")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0
                            && pair.substring(0, equals)
                                    .trim()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("for")) {
                        node = node(pair.substring(equals + 1).trim());
                    }
                }
                hops.add(node);
            }
        }
        return hops;
    }

    private static String node(String value) {
        String node = value;
        if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
            node = node.substring(1, node.length() - 1);
        }
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close > 0 ? node.substring(1, close) : node;
        }
        int colon = node.indexOf(':');
        // an IPv4 address with a port; an IPv6 node is always in brackets
        return colon > 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }

    /** Whether {@code address} is a proxy whose forwarding header is believed. */
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
