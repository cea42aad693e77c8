package dev.shop.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** An IP address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}), matched against IP literals only. */
final class AddressRange {

    private final byte[] network;
    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException when {@code range} is not an IP address or CIDR range */
    static AddressRange parse(String range) {
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("Not an IP address or CIDR range: " + range);
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(range.substring(slash + 1));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("Not a CIDR range: " + range, ex);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("Prefix length out of range: " + range);
            }
        }
        return new AddressRange(bytes, prefix);
    }

    boolean matches(String address) {
        byte[] candidate = literal(address);
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** The bytes of an IP literal; {@code null} for anything else (never a DNS lookup). */
    static byte @Nullable [] literal(String address) {
        if (!looksLikeLiteral(address)) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException ex) {
            return null;
        }
    }

    private static boolean looksLikeLiteral(String candidate) {
        if (candidate.isEmpty() || candidate.length() > 45) {
            return false;
        }
        boolean ipv6 = candidate.indexOf(':') >= 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean allowed = Character.isDigit(c)
                    || c == '.'
                    || (ipv6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!allowed) {
                return false;
            }
        }
        // "1.2.3" or "12" would be read as an IPv4 address by InetAddress: insist on four parts
        return ipv6 || candidate.chars().filter(c -> c == '.').count() == 3;
    }
}
