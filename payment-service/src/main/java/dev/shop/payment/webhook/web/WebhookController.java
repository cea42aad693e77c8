package dev.shop.payment.webhook.web;

import dev.shop.payment.webhook.ProviderWebhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The provider's webhook endpoint. No token: the {@code Stripe-Signature} over the raw body is the authentication, so
 * the body is taken as bytes, exactly as sent, and verified before anything parses it.
 */
@RestController
class WebhookController {

    private final ProviderWebhooks webhooks;

    WebhookController(ProviderWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping(path = "/api/payments/webhook", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The payment provider's signed events (Stripe-Signature); 400 for a bad or stale signature")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            description = "A Stripe event, verified against Stripe-Signature before it is read",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(type = "object"),
                            examples =
                                    @ExampleObject(
                                            name = "payment_intent.succeeded",
                                            value = "{\"id\": \"evt_1QxYz\", \"object\": \"event\", "
                                                    + "\"type\": \"payment_intent.succeeded\", "
                                                    + "\"api_version\": \"2024-06-20\", \"created\": 1764930000, "
                                                    + "\"livemode\": false, \"data\": {\"object\": {\"id\": "
                                                    + "\"pi_3QxYz\", \"object\": \"payment_intent\", \"status\": "
                                                    + "\"succeeded\", \"amount\": 4998, \"currency\": \"eur\", "
                                                    + "\"metadata\": {\"order_id\": "
                                                    + "\"0b8f6a3e-51d4-4b7e-9d8e-2c1f0a9b7c61\"}}}}")))
    Mono<Map<String, Boolean>> receive(
            @RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        return webhooks.receive(signature, body == null ? new byte[0] : body).thenReturn(Map.of("received", true));
    }
}
