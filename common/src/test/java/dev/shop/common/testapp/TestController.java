package dev.shop.common.testapp;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/test")
public class TestController {

    /** Thrown by {@code /boom}; neither its class nor this text may reach a client. */
    public static final String SECRET = "SELECT password FROM users WHERE id = 42";

    record ItemRequest(
            @NotBlank String name, @Min(1) @Max(99) int quantity) {}

    record Item(UUID id, String name, int quantity) {}

    @PostMapping("/items")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Item> create(@Valid @RequestBody ItemRequest request) {
        return Mono.just(new Item(UUID.randomUUID(), request.name(), request.quantity()));
    }

    @GetMapping("/items")
    Mono<Map<String, Integer>> list(@RequestParam(defaultValue = "20") @Max(100) int size) {
        return Mono.just(Map.of("size", size));
    }

    @GetMapping("/items/{id}")
    Mono<Item> get(@PathVariable UUID id) {
        return Mono.just(new Item(id, "thing", 1));
    }

    @PostMapping("/orders/{id}/cancel")
    Mono<Void> cancel(@PathVariable UUID id) {
        return Mono.error(new OrderNotCancellable(id));
    }

    @GetMapping("/boom")
    Mono<String> boom() {
        return Mono.error(new IllegalStateException(SECRET));
    }

    /** What a service's query meets while its database restarts: the connection is closed under it. */
    @GetMapping("/database-down")
    Mono<String> databaseDown() {
        return Mono.error(new CannotCreateTransactionException(
                "Could not open R2DBC Connection for transaction",
                new R2dbcNonTransientResourceException("[08006] Connection unexpectedly closed")));
    }

    @GetMapping("/me")
    Mono<Map<String, Object>> me(Mono<Principal> principal) {
        return principal
                .cast(Authentication.class)
                .map(authentication -> Map.of(
                        "name", authentication.getName(),
                        "authorities",
                                authentication.getAuthorities().stream()
                                        .map(GrantedAuthority::getAuthority)
                                        .sorted()
                                        .toList()));
    }

    @GetMapping("/admin/stats")
    Mono<Map<String, Integer>> adminStats() {
        return Mono.just(Map.of("orders", 7));
    }

    @GetMapping("/public/ping")
    Mono<List<String>> ping() {
        return Mono.just(List.of("pong"));
    }
}
