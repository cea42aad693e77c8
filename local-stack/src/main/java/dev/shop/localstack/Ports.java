package dev.shop.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks: a taken port is reported before anything starts on it. */
public final class Ports {

    /** Where Linux keeps the range it draws outgoing connections' source ports from. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Used when the range cannot be read: Linux's default; macOS and Windows start theirs higher still. */
    private static final PortRange DEFAULT_EPHEMERAL = new PortRange(32768, 60999);

    private static final int LOWEST = 20000;

    private static final int ATTEMPTS = 1000;

    /** Ports this JVM has handed out, so that two calls never get the same one before either binds it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    /**
     * A port that is free on the loopback interface now and stays out of the way of outgoing connections.
     *
     * <p>Ports are handed out some time before a process binds them (a shop's ports are all chosen before its first
     * service starts). A port the kernel picked for a listening socket comes from its ephemeral range, from which it
     * also draws the source port of every outgoing connection: a client connecting meanwhile can take it. So the port
     * is drawn from below that range instead, where the kernel never assigns one on its own.
     */
    public static int free() {
        var candidates = candidates(ephemeralRange());
        var random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = random.nextInt(candidates.first(), candidates.last() + 1);
            if (isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new StartupException("No free loopback port in " + candidates.first() + "-" + candidates.last()
                + " after " + ATTEMPTS + " attempts.");
    }

    /** The ports to draw from: below the ephemeral range, or above it when it starts too low to leave room. */
    static PortRange candidates(PortRange ephemeral) {
        if (ephemeral.first() - LOWEST >= 4096) {
            return new PortRange(LOWEST, ephemeral.first() - 1);
        }
        if (65535 - ephemeral.last() >= 4096) {
            return new PortRange(ephemeral.last() + 1, 65535);
        }
        throw new StartupException("The ephemeral port range " + ephemeral.first() + "-" + ephemeral.last()
                + " leaves no room for the local stack's ports.");
    }

    static PortRange ephemeralRange() {
        try {
            var fields = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return new PortRange(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]));
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL;
        }
    }

    public static boolean isFree(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with one clear line when {@code port} is taken; {@code envName} tells how to pick another. */
    public static void requireFree(String component, int port, String envName) {
        if (!isFree(port)) {
            throw new StartupException("Port " + port + " (" + component
                    + ") is already in use: stop what uses it, or set " + envName + " to another port.");
        }
    }

    /** Ports {@code first} to {@code last}, both included. */
    record PortRange(int first, int last) {}
}
