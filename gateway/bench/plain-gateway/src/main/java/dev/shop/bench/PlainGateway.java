package dev.shop.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Cloud Gateway as it comes, with the one route of application.yml: the benchmark's yardstick. */
@SpringBootApplication
public class PlainGateway {

    public static void main(String[] args) {
        SpringApplication.run(PlainGateway.class, args);
    }
}
