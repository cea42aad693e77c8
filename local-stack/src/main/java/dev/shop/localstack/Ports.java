package dev.shop.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks: a taken port is reported before anything starts on it. */
public final class Ports {

    private Ports() {}

    /** A port that is free on the loopback interface right now. */
    public static int free() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("No free loopback port: " + e.getMessage(), e);
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
}
