package dev.shop.payment.payment.web;

import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.security.KeycloakJwtAuthenticationConverter;
import dev.shop.payment.payment.PaymentHistory;
import dev.shop.payment.payment.PaymentStatus;
import dev.shop.payment.payment.PaymentView;
import dev.shop.payment.payment.Refunds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
class PaymentController {

    private static final String ADMIN = KeycloakJwtAuthenticationConverter.ROLE_PREFIX + "admin";

    private final PaymentHistory history;
    private final Refunds refunds;

    PaymentController(PaymentHistory history, Refunds refunds) {
        this.history = history;
        this.refunds = refunds;
    }

    @GetMapping
    @Operation(
            summary = "The payments of one of your orders (admins: of any order); someone else's order is 404",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    Mono<PaymentPage> ofOrder(Authentication authentication, @RequestParam UUID orderId) {
        var token = (Jwt) authentication.getPrincipal();
        var admin =
                authentication.getAuthorities().stream().anyMatch(authority -> ADMIN.equals(authority.getAuthority()));
        return history.ofOrder(orderId, token.getSubject(), admin).map(PaymentPage::of);
    }

    /**
     * 200 with the payment {@code REFUNDED}; 202 when the provider could not be reached and the owed refund is being
     * retried (the payment shows {@code refundPending}).
     */
    @PostMapping("/{id}/refund")
    @Operation(
            summary = "Refund a succeeded payment in full (admin); 409 when it is not paid or already refunded",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(
            responseCode = "200",
            description = "Refunded: the provider confirmed the refund at once",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PaymentView.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Refund requested: the provider's answer comes later, GET /api/payments shows it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PaymentView.class)))
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.CONFLICT})
    Mono<ResponseEntity<PaymentView>> refund(@PathVariable UUID id) {
        return refunds.refund(id)
                .map(payment -> ResponseEntity.status(
                                payment.status() == PaymentStatus.REFUNDED ? HttpStatus.OK : HttpStatus.ACCEPTED)
                        .body(payment));
    }
}
