package dev.shop.common.deadletter.web;

import dev.shop.common.apidocs.Problems;
import dev.shop.common.deadletter.BadReplayPayload;
import dev.shop.common.deadletter.DeadLetter;
import dev.shop.common.deadletter.DeadLetterPage;
import dev.shop.common.deadletter.DeadLetters;
import dev.shop.common.deadletter.ReplayPage;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters of the service's consumers, for admins: list them, replay one, read the audit of replays. Mapped at
 * {@code shop.dead-letters.path} (e.g. {@code /api/cart/admin/dead-letters}), which the service's security rules keep
 * for admins.
 */
@RestController
@RequestMapping(path = "${shop.dead-letters.path}", produces = MediaType.APPLICATION_JSON_VALUE)
public class DeadLetterController {

    private final DeadLetters deadLetters;
    private final JsonMapper json;

    public DeadLetterController(DeadLetters deadLetters, JsonMapper json) {
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /** The body of a replay: nothing, or a corrected payload (the event's JSON) to publish instead of the original. */
    record ReplayRequest(
            @Schema(
                    description = "The corrected event, as JSON; leave out to publish the original",
                    example = "{\"orderId\": \"0b8f6a3e-51d4-4b7e-9d8e-2c1f0a9b7c61\"}")
            @Nullable
            JsonNode payload) {}

    @GetMapping
    @Operation(
            summary = "Messages that the service's consumers gave up on, newest first, paged (admin)",
            security = @SecurityRequirement(name = "bearer"))
    @Problems(ProblemType.FORBIDDEN)
    Mono<DeadLetterPage> list(
            @RequestParam(defaultValue = "0") @PositiveOrZero int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return deadLetters.page(page, size);
    }

    @PostMapping(path = "/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Publish a dead letter again to its topic, with the same ce_id, optionally with a corrected "
                    + "payload (admin), which must be a valid event of the dead letter's ce_type about its key (422 "
                    + "replay-mismatch otherwise); its effect happens at most once however often it is replayed, and "
                    + "every replay is kept in the audit",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.REPLAY_MISMATCH})
    Mono<DeadLetter> replay(
            @AuthenticationPrincipal Jwt token,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable ReplayRequest body) {
        JsonNode payload = body == null ? null : body.payload();
        if (payload != null && !payload.isObject()) {
            return Mono.error(new BadReplayPayload());
        }
        return deadLetters.replay(
                id,
                payload == null ? null : json.writeValueAsBytes(payload),
                new DeadLetters.Replayer(token.getSubject(), token.getClaimAsString("email")));
    }

    @GetMapping("/replays")
    @Operation(
            summary = "The audit of dead-letter replays, newest first, paged (admin): who replayed which dead letter "
                    + "when, and the SHA-256 of the payload published",
            security = @SecurityRequirement(name = "bearer"))
    @Problems(ProblemType.FORBIDDEN)
    Mono<ReplayPage> replays(
            @RequestParam(defaultValue = "0") @PositiveOrZero @Max(1_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return deadLetters.replays(page, size);
    }
}
