package dev.shop.localstack.stripe;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * The simulator on its own, for a container (docker-compose.yml): {@code SHOP_SIMULATOR_PORT} (12111),
 * {@code SHOP_SIMULATOR_BIND} (0.0.0.0), webhooks to {@code SHOP_SIMULATOR_WEBHOOK_URL} signed with
 * {@code STRIPE_WEBHOOK_SECRET}. Runs until the JVM is stopped.
 */
public final class PaymentSimulatorMain {

    private PaymentSimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        var env = System.getenv();
        var simulator = new PaymentSimulator(
                Integer.parseInt(env.getOrDefault("SHOP_SIMULATOR_PORT", "12111")),
                env.getOrDefault("SHOP_SIMULATOR_BIND", "0.0.0.0"));
        var secret = env.get("STRIPE_WEBHOOK_SECRET");
        if (secret != null && !secret.isBlank()) {
            simulator.webhooks().secret(secret);
        }
        var target = env.get("SHOP_SIMULATOR_WEBHOOK_URL");
        if (target != null && !target.isBlank()) {
            simulator.webhooks().target(URI.create(target));
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        simulator.start();
        System.out.println("Payment simulator on port " + simulator.port() + ", webhooks to " + target);
        stopped.await();
    }
}
