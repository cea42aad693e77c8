package dev.shop.auth.registration.web;

import dev.shop.auth.keycloak.NewUser;
import dev.shop.auth.profile.ProfileResponse;
import dev.shop.auth.registration.Registrations;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/auth")
class RegistrationController {

    private static final URI ME = URI.create("/api/auth/me");

    private final Registrations registrations;

    RegistrationController(Registrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Register a customer",
            description = "201 with the profile and Location /api/auth/me; 409 conflict when the e-mail is taken; 400"
                    + " validation for a bad e-mail, missing or over-long names, or a password the policy refuses.")
    @ApiResponse(
            responseCode = "201",
            description = "The new customer's profile",
            headers =
                    @Header(
                            name = HttpHeaders.LOCATION,
                            description = "/api/auth/me",
                            schema = @Schema(type = "string")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProfileResponse.class)))
    @Problems(ProblemType.CONFLICT)
    Mono<ResponseEntity<ProfileResponse>> register(@Valid @RequestBody RegistrationRequest request) {
        var user = new NewUser(
                // Keycloak keeps e-mails and usernames in lower case; the profile and the event say the same
                Objects.requireNonNull(request.email()).strip().toLowerCase(Locale.ROOT),
                Objects.requireNonNull(request.firstName()).strip(),
                Objects.requireNonNull(request.lastName()).strip(),
                Objects.requireNonNull(request.password()));
        return registrations
                .register(user)
                .map(profile -> ResponseEntity.created(ME).body(ProfileResponse.of(profile, null)));
    }
}
