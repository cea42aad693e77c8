package dev.shop.auth.token.web;

import dev.shop.auth.keycloak.TokenSet;
import dev.shop.auth.token.Tokens;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping(path = "/api/auth", consumes = MediaType.APPLICATION_JSON_VALUE)
class TokenController {

    private final Tokens tokens;

    TokenController(Tokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/token")
    @Operation(
            summary = "Log in",
            description = "200 the OAuth 2.0 token response; 401 for an unknown user, a wrong password and a locked"
                    + " account alike.")
    @Problems(ProblemType.UNAUTHORIZED)
    Mono<ResponseEntity<TokenResponse>> token(@Valid @RequestBody TokenRequest request) {
        return tokens.issue(Objects.requireNonNull(request.username()), Objects.requireNonNull(request.password()))
                .map(TokenController::noStore);
    }

    @PostMapping("/refresh")
    @Operation(
            summary = "Refresh tokens",
            description =
                    "200 new tokens; the refresh token sent is spent. 401 for a spent, expired or logged-out one.")
    @Problems(ProblemType.UNAUTHORIZED)
    Mono<ResponseEntity<TokenResponse>> refresh(@Valid @RequestBody RefreshTokenRequest request) {
        return tokens.refresh(Objects.requireNonNull(request.refreshToken())).map(TokenController::noStore);
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Log out",
            description = "204: the session of the refresh token ends at Keycloak, and its refresh tokens are refused"
                    + " from then on. 401 for a token that is no refresh token of the shop.")
    @Problems(ProblemType.UNAUTHORIZED)
    Mono<Void> logout(@Valid @RequestBody RefreshTokenRequest request) {
        return tokens.logout(Objects.requireNonNull(request.refreshToken()));
    }

    // RFC 6749 5.1: token responses must not be cached
    private static ResponseEntity<TokenResponse> noStore(TokenSet tokens) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(TokenResponse.of(tokens));
    }
}
