package dev.shop.localstack.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.shop.localstack.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator as Stripe's official Java client sees it: every call payment-service makes, and those an integrator
 * would try next (listing, searching, expanding, refunds of every size), answer as Stripe's API does, with the
 * client's own types and exceptions; the webhooks it sends verify with {@link Webhook} and deserialize at the API
 * version the account is set to. What the simulator does not implement is refused as Stripe refuses an unknown URL or
 * parameter.
 */
class StripeJavaConformanceIntegrationTest {

    /** One webhook request as a receiver got it. */
    record Received(String signature, String body) {

        /** The event, as a webhook endpoint built on stripe-java verifies and reads it. */
        Event event() {
            try {
                return Webhook.constructEvent(body, signature, Webhooks.DEFAULT_SECRET);
            } catch (SignatureVerificationException e) {
                throw new AssertionError("a webhook that does not verify: " + body, e);
            }
        }
    }

    private static PaymentSimulator simulator;
    private static HttpServer receiver;
    private static StripeClient stripe;
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        simulator = new PaymentSimulator(Ports.free());
        simulator.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhook", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("Stripe-Signature"), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        simulator
                .webhooks()
                .target(java.net.URI.create(
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook"));
        // the account's API version is the client's: its events deserialize into the client's types
        simulator.webhooks().apiVersion(Stripe.API_VERSION);
        stripe = StripeClient.builder()
                .setApiKey(simulator.secretKey())
                .setApiBase(simulator.baseUrl())
                .setMaxNetworkRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        simulator.close();
    }

    @Test
    void createsConfirmsAndRetrievesAnIntent() throws StripeException {
        var order = UUID.randomUUID();

        var created = stripe.v1()
                .paymentIntents()
                .create(card(order, 2599, "pm_card_visa").build(), key());
        assertThat(created.getStatus()).isEqualTo("requires_confirmation");
        assertThat(created.getMetadata()).containsEntry("order_id", order.toString());
        assertThat(created.getLatestCharge()).isNull();

        var confirmed = stripe.v1().paymentIntents().confirm(created.getId(), key());
        assertThat(confirmed.getStatus()).isEqualTo("succeeded");
        assertThat(confirmed.getAmountReceived()).isEqualTo(2599);
        assertThat(confirmed.getLatestCharge()).startsWith("ch_");

        var retrieved = stripe.v1().paymentIntents().retrieve(created.getId());
        assertThat(retrieved.getStatus()).isEqualTo("succeeded");
        assertThat(retrieved.getLatestCharge()).isEqualTo(confirmed.getLatestCharge());
        assertThat(simulator.charges(order))
                .singleElement()
                .satisfies(charge -> assertThat(charge.amount()).isEqualTo(2599));
    }

    @Test
    void createsAndConfirmsInOneCall() throws StripeException {
        var order = UUID.randomUUID();

        var intent = stripe.v1()
                .paymentIntents()
                .create(card(order, 990, "pm_card_mastercard").setConfirm(true).build(), key());

        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmountReceived()).isEqualTo(990);
    }

    @Test
    void listsIntentsNewestFirstAPageAtATime() throws StripeException {
        var first = create(UUID.randomUUID(), 100);
        var second = create(UUID.randomUUID(), 200);
        var third = create(UUID.randomUUID(), 300);

        var page = stripe.v1()
                .paymentIntents()
                .list(PaymentIntentListParams.builder().setLimit(2L).build());
        assertThat(page.getData()).extracting(PaymentIntent::getId).containsExactly(third.getId(), second.getId());
        assertThat(page.getHasMore()).isTrue();

        var next = stripe.v1()
                .paymentIntents()
                .list(PaymentIntentListParams.builder()
                        .setLimit(1L)
                        .setStartingAfter(second.getId())
                        .build());
        assertThat(next.getData()).extracting(PaymentIntent::getId).containsExactly(first.getId());
    }

    @Test
    void searchesIntentsByTheirMetadata() throws StripeException {
        var order = UUID.randomUUID();
        var intent = create(order, 4200);
        create(UUID.randomUUID(), 4200);

        var found = stripe.v1()
                .paymentIntents()
                .search(PaymentIntentSearchParams.builder()
                        .setQuery("metadata['order_id']:'" + order + "'")
                        .build());

        assertThat(found.getData()).extracting(PaymentIntent::getId).containsExactly(intent.getId());
        assertThat(found.getHasMore()).isFalse();
    }

    @Test
    void expandsTheLatestChargeOfAnIntentAndOfAList() throws StripeException {
        var order = UUID.randomUUID();
        var paid = stripe.v1()
                .paymentIntents()
                .create(card(order, 1234, "pm_card_visa").setConfirm(true).build(), key());

        var retrieved = stripe.v1()
                .paymentIntents()
                .retrieve(
                        paid.getId(),
                        PaymentIntentRetrieveParams.builder()
                                .addExpand("latest_charge")
                                .build(),
                        null);
        Charge charge = retrieved.getLatestChargeObject();
        assertThat(charge).isNotNull();
        assertThat(charge.getId()).isEqualTo(paid.getLatestCharge());
        assertThat(charge.getAmount()).isEqualTo(1234);
        assertThat(charge.getPaid()).isTrue();

        var listed = stripe.v1()
                .paymentIntents()
                .list(PaymentIntentListParams.builder()
                        .setLimit(1L)
                        .addExpand("data.latest_charge")
                        .build());
        assertThat(listed.getData().getFirst().getLatestChargeObject().getPaymentIntent())
                .isEqualTo(paid.getId());

        assertThatThrownBy(() -> stripe.v1()
                        .paymentIntents()
                        .retrieve(
                                paid.getId(),
                                PaymentIntentRetrieveParams.builder()
                                        .addExpand("customer")
                                        .build(),
                                null))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(400);
                    assertThat(refused.getMessage()).contains("This property cannot be expanded (customer)");
                });
    }

    @Test
    void cancelsAnIntentWithItsReason() throws StripeException {
        var intent = create(UUID.randomUUID(), 500);

        var canceled = stripe.v1()
                .paymentIntents()
                .cancel(
                        intent.getId(),
                        PaymentIntentCancelParams.builder()
                                .setCancellationReason(
                                        PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER)
                                .build());

        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getCancellationReason()).isEqualTo("requested_by_customer");
        assertThat(canceled.getCanceledAt()).isNotNull();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().cancel(intent.getId()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        refused -> assertThat(refused.getCode()).isEqualTo("payment_intent_unexpected_state"));
    }

    @Test
    void refundsInFullInPartsAndNeverMoreThanWasPaid() throws StripeException {
        var whole = paid(UUID.randomUUID(), 3000);
        var full = stripe.v1()
                .refunds()
                .create(
                        RefundCreateParams.builder()
                                .setPaymentIntent(whole.getId())
                                .build(),
                        key());
        assertThat(full.getAmount()).isEqualTo(3000);
        assertThat(full.getStatus()).isEqualTo("succeeded");
        assertThat(full.getCharge()).isEqualTo(whole.getLatestCharge());
        assertThatThrownBy(() -> stripe.v1()
                        .refunds()
                        .create(
                                RefundCreateParams.builder()
                                        .setPaymentIntent(whole.getId())
                                        .build(),
                                key()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        refused -> assertThat(refused.getCode()).isEqualTo("charge_already_refunded"));

        var parts = paid(UUID.randomUUID(), 1000);
        var part = stripe.v1()
                .refunds()
                .create(
                        RefundCreateParams.builder()
                                .setPaymentIntent(parts.getId())
                                .setAmount(400L)
                                .build(),
                        key());
        assertThat(part.getAmount()).isEqualTo(400);
        assertThatThrownBy(() -> stripe.v1()
                        .refunds()
                        .create(
                                RefundCreateParams.builder()
                                        .setPaymentIntent(parts.getId())
                                        .setAmount(601L)
                                        .build(),
                                key()))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo("amount_too_large");
                    assertThat(refused.getParam()).isEqualTo("amount");
                });
        var rest = stripe.v1()
                .refunds()
                .create(
                        RefundCreateParams.builder()
                                .setCharge(parts.getLatestCharge())
                                .build(),
                        key());
        assertThat(rest.getAmount()).isEqualTo(600);
    }

    @Test
    void declinesCardsWithTheirDeclineCodes() {
        for (var declined : Map.of(
                        "pm_card_chargeDeclined", "generic_decline",
                        "pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds")
                .entrySet()) {
            assertThatThrownBy(() -> stripe.v1()
                            .paymentIntents()
                            .create(
                                    card(UUID.randomUUID(), 700, declined.getKey())
                                            .setConfirm(true)
                                            .build(),
                                    key()))
                    .as(declined.getKey())
                    .isInstanceOfSatisfying(CardException.class, decline -> {
                        assertThat(decline.getStatusCode()).isEqualTo(402);
                        assertThat(decline.getCode()).isEqualTo("card_declined");
                        assertThat(decline.getDeclineCode()).isEqualTo(declined.getValue());
                        assertThat(decline.getStripeError().getPaymentIntent().getStatus())
                                .isEqualTo("requires_payment_method");
                    });
        }
    }

    @Test
    void replaysARequestWithTheSameKeyAndRefusesTheKeyForOtherParameters() throws StripeException {
        var order = UUID.randomUUID();
        var key = key();

        var first = stripe.v1()
                .paymentIntents()
                .create(card(order, 1500, "pm_card_visa").build(), key);
        var again = stripe.v1()
                .paymentIntents()
                .create(card(order, 1500, "pm_card_visa").build(), key);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed"))
                .hasValue("true");
        assertThat(simulator.intents(order)).hasSize(1);
        assertThatThrownBy(() -> stripe.v1()
                        .paymentIntents()
                        .create(card(order, 1600, "pm_card_visa").build(), key))
                .isInstanceOf(IdempotencyException.class);
    }

    @Test
    void refusesAParameterItDoesNotImplementAndAnUnknownUrlAsStripeDoes() {
        assertThatThrownBy(() -> stripe.v1()
                        .paymentIntents()
                        .create(card(UUID.randomUUID(), 100, "pm_card_visa")
                                .putExtraParam("statement_descriptor", "SHOP")
                                .build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(400);
                    assertThat(refused.getCode()).isEqualTo("parameter_unknown");
                    assertThat(refused.getParam()).isEqualTo("statement_descriptor");
                });
        assertThatThrownBy(() -> stripe.v1()
                        .customers()
                        .create(CustomerCreateParams.builder()
                                .setEmail("a@example.com")
                                .build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(404);
                    assertThat(refused.getMessage()).contains("Unrecognized request URL");
                });
    }

    @Test
    void everyWebhookVerifiesAndCarriesTheAccountsApiVersion() throws StripeException {
        var paid = paid(UUID.randomUUID(), 2000);
        assertThatThrownBy(() -> stripe.v1()
                        .paymentIntents()
                        .create(
                                card(UUID.randomUUID(), 2000, "pm_card_chargeDeclined")
                                        .setConfirm(true)
                                        .build(),
                                key()))
                .isInstanceOf(CardException.class);
        stripe.v1()
                .refunds()
                .create(
                        RefundCreateParams.builder()
                                .setPaymentIntent(paid.getId())
                                .build(),
                        key());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> received.stream()
                        .map(webhook -> webhook.event().getType())
                        .toList()
                        .containsAll(List.of(
                                "payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded")));
        for (var webhook : received) {
            Event event = webhook.event();
            assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
            var object = event.getDataObjectDeserializer().getObject();
            assertThat(object).as(event.getType()).isPresent();
            assertThat(object.get())
                    .isInstanceOf(event.getType().startsWith("charge.") ? Charge.class : PaymentIntent.class);
            assertThatThrownBy(() ->
                            Webhook.constructEvent(webhook.body() + " ", webhook.signature(), Webhooks.DEFAULT_SECRET))
                    .isInstanceOf(SignatureVerificationException.class);
        }
    }

    private static PaymentIntentCreateParams.Builder card(UUID order, long amount, String paymentMethod) {
        return PaymentIntentCreateParams.builder()
                .setAmount(amount)
                .setCurrency("eur")
                .setPaymentMethod(paymentMethod)
                .putMetadata("order_id", order.toString())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build());
    }

    private static PaymentIntent create(UUID order, long amount) throws StripeException {
        return stripe.v1()
                .paymentIntents()
                .create(card(order, amount, "pm_card_visa").build(), key());
    }

    private static PaymentIntent paid(UUID order, long amount) throws StripeException {
        return stripe.v1()
                .paymentIntents()
                .create(card(order, amount, "pm_card_visa").setConfirm(true).build(), key());
    }

    private static RequestOptions key() {
        return RequestOptions.builder()
                .setIdempotencyKey(UUID.randomUUID().toString())
                .build();
    }
}
